import * as z from 'zod';
import { boundedNumber, type FieldHint, optionalHttpUrl, optionalPath, section } from './schema-fields.ts';

const s3Schema = z.strictObject({
  bucket: z
    .string()
    .min(1)
    .meta({ expected: 'a bucket name' } satisfies FieldHint),
  /** null = `dalio-lite/<mode>/`, so paper and live backups never mix. */
  prefix: z.string().nullable().default(null),
  region: z.string().min(1).default('us-east-1'),
  endpoint: optionalHttpUrl(),
  forcePathStyle: z.boolean().default(false),
});

/** `backup:` — local copies (kept by count) and an optional S3 bucket; AWS credentials come from AWS_* only. */
export const backupSchema = section({
  local: section({
    dir: optionalPath(),
    keep: boundedNumber({ min: 1, max: 10_000, int: true }).default(30),
  }),
  s3: s3Schema.nullable().default(null),
});
