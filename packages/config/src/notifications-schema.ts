import * as z from 'zod';
import { formatValue } from './format-value.ts';
import {
  boundedNumber,
  choice,
  envVarName,
  type FieldHint,
  httpUrl,
  optionalHttpUrl,
} from './schema-fields.ts';

/** What an alert can be about; a webhook may have one JSON template per kind (or a `default`). */
export const ALERT_TEMPLATE_KINDS = [
  'default',
  'cycle-traded',
  'cycle-partial',
  'cycle-failed',
  'cycle-refused',
  'state-corrupt',
  'check-failing',
  'dead-man',
  'resolved',
  'test',
] as const;

/** The placeholders a webhook template may use. */
export const ALERT_TEMPLATE_FIELDS = [
  'key',
  'kind',
  'severity',
  'title',
  'impact',
  'action',
  'details',
  'at',
  'mode',
  'subject',
  'text',
] as const;

/** Why a webhook template is unusable, or null: every placeholder is a field and the filled text is JSON. */
export function webhookTemplateProblem(template: string): string | null {
  const placeholders = [...template.matchAll(/\{\{\s*([a-z]+)\s*\}\}/g)].map((match) => match[1] ?? '');
  const unknown = placeholders.find((name) => !(ALERT_TEMPLATE_FIELDS as readonly string[]).includes(name));
  if (unknown !== undefined) {
    return `{{${unknown}}} is not a field, use ${ALERT_TEMPLATE_FIELDS.map((field) => `{{${field}}}`).join(', ')}`;
  }
  try {
    JSON.parse(template.replace(/\{\{\s*[a-z]+\s*\}\}/g, 'x'));
    return null;
  } catch {
    return 'is not JSON once filled in, put each placeholder inside a JSON string, e.g. {"text": "{{subject}}"}';
  }
}

const templateSchema = z
  .string()
  .superRefine((template, context) => {
    const problem = webhookTemplateProblem(template);
    if (problem !== null) context.addIssue({ code: 'custom', message: problem });
  })
  .meta({ expected: 'a JSON template string' } satisfies FieldHint);

const channelSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('console') }),
    z.strictObject({ kind: z.literal('file'), path: z.string().min(1).meta({ expected: 'a file path' }) }),
    z.strictObject({
      kind: z.literal('webhook'),
      url: httpUrl(),
      preset: choice(['generic', 'slack', 'discord'], 'a webhook preset').default('generic'),
      templates: z
        .strictObject(
          Object.fromEntries(ALERT_TEMPLATE_KINDS.map((kind) => [kind, templateSchema.optional()])) as Record<
            (typeof ALERT_TEMPLATE_KINDS)[number],
            z.ZodOptional<typeof templateSchema>
          >,
        )
        .default({}),
    }),
    z.strictObject({
      kind: z.literal('email'),
      to: z
        .string()
        .refine((to) => /^[^@\s]+@[^@\s]+$/.test(to), {
          error: (issue) => `${formatValue(issue.input)} is not an e-mail address, use e.g. you@example.com`,
        })
        .meta({ expected: 'an e-mail address' } satisfies FieldHint),
      from: z
        .string()
        .min(1)
        .nullable()
        .default(null)
        .meta({ expected: 'a sender address' } satisfies FieldHint),
      smtpUrlEnv: envVarName().default('DALIO_SMTP_URL'),
    }),
  ])
  .meta({ noun: 'a channel kind' } satisfies FieldHint);

/**
 * `notifications:` — where alerts go (console by default), the least severity that is sent, how repeats and
 * slow channels are bounded, and the dead-man settings.
 */
export const notificationsSchema = z
  .strictObject({
    channels: z
      .array(channelSchema)
      .min(1)
      .default([{ kind: 'console' }]),
    minSeverity: choice(['info', 'warning', 'critical'], 'a severity').default('info'),
    renotifyMinutes: boundedNumber({ min: 1, int: true }).default(240),
    timeoutMs: boundedNumber({ min: 100, max: 120_000, int: true }).default(5_000),
    retries: boundedNumber({ min: 0, max: 10, int: true }).default(2),
    successPingUrl: optionalHttpUrl(),
    deadManGraceMinutes: boundedNumber({ min: 1, max: 24 * 60, int: true }).default(120),
    driftAlertDays: boundedNumber({ min: 1, int: true }).nullable().default(null),
  })
  .prefault({});
