import * as z from 'zod';
import { formatValue } from './format-value.ts';
import { choice, envVarName, type FieldHint, httpUrl } from './schema-fields.ts';

const channelSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('console') }),
    z.strictObject({ kind: z.literal('file'), path: z.string().min(1).meta({ expected: 'a file path' }) }),
    z.strictObject({ kind: z.literal('webhook'), url: httpUrl() }),
    z.strictObject({
      kind: z.literal('email'),
      to: z
        .string()
        .refine((to) => /^[^@\s]+@[^@\s]+$/.test(to), {
          error: (issue) => `${formatValue(issue.input)} is not an e-mail address, use e.g. you@example.com`,
        })
        .meta({ expected: 'an e-mail address' } satisfies FieldHint),
      smtpUrlEnv: envVarName().optional(),
    }),
  ])
  .meta({ noun: 'a channel kind' } satisfies FieldHint);

/** `notifications:` — where alerts go (console by default) and the least severity that is sent. */
export const notificationsSchema = z
  .strictObject({
    channels: z
      .array(channelSchema)
      .min(1)
      .default([{ kind: 'console' }]),
    minSeverity: choice(['info', 'warning', 'critical'], 'a severity').default('info'),
  })
  .prefault({});
