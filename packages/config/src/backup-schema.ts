import * as z from 'zod';
import {
  boundedNumber,
  choice,
  type FieldHint,
  optionalHttpUrl,
  optionalPath,
  optionalText,
  section,
} from './schema-fields.ts';

const s3Schema = z.strictObject({
  bucket: z
    .string()
    .min(1)
    .meta({ expected: 'a bucket name' } satisfies FieldHint),
  /** null = `dalio-lite/<mode>/`; the account id is always appended, so paper, live and accounts never mix. */
  prefix: z.string().nullable().default(null),
  region: z.string().min(1).default('us-east-1'),
  endpoint: optionalHttpUrl(),
  forcePathStyle: z.boolean().default(false),
  /** Server-side encryption of every object: S3-managed keys (AES256), KMS, or none. */
  serverSideEncryption: choice(['AES256', 'aws:kms', 'none'], 'a server-side encryption').default('AES256'),
  /** The KMS key for `aws:kms`; null = the bucket's default key. */
  kmsKeyId: optionalText('a KMS key id or ARN'),
});

/** `backup:` — automatic, verified backups in a local directory and an optional S3 bucket; AWS credentials come from AWS_* only. */
export const backupSchema = section({
  /** Back up after every cycle that changed the state, and on the daemon's schedule. */
  auto: z.boolean().default(true),
  /** The daemon's schedule: back up (if the state changed), retry off-site uploads and prune this often. */
  everyHours: boundedNumber({ min: 1, max: 168, int: true }).default(6),
  local: section({
    dir: optionalPath(),
    /** The last N backups are always kept (restic `--keep-last`). */
    keep: boundedNumber({ min: 1, max: 10_000, int: true }).default(30),
  }),
  /** Generations kept besides the last N: the newest backup of each of the last N days, weeks and months. */
  retention: section({
    daily: boundedNumber({ min: 0, max: 3_650, int: true }).default(7),
    weekly: boundedNumber({ min: 0, max: 520, int: true }).default(4),
    monthly: boundedNumber({ min: 0, max: 240, int: true }).default(12),
  }),
  s3: s3Schema.nullable().default(null),
});
