import { brokerVenueSchema } from '@dalio-lite/state';
import { z } from 'zod';
import { BACKUP_ID_PATTERN } from './backup-id.ts';

/** The format name every manifest and record carries. */
export const BACKUP_FORMAT = 'dalio-lite-backup';
/** The version of the archive layout and manifest. */
export const BACKUP_FORMAT_VERSION = 1;
/** The name of the manifest inside every archive. */
export const MANIFEST_FILE = 'manifest.json';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in lower-case hex');
/** A plain file name of the state directory: no directories, no dot files. */
const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a plain file name');

/** The paper or live account a backup belongs to. */
export const backupAccountSchema = z.object({ venue: brokerVenueSchema, accountId: z.string().min(1) });

/** Which account and mode a backup belongs to: backups of another one are refused. */
export type BackupAccount = z.infer<typeof backupAccountSchema>;

/** What the manifest and the record both say about a backup. */
const headerShape = {
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  id: z.string().regex(BACKUP_ID_PATTERN, 'a backup id'),
  createdAt: z.iso.datetime({ offset: true }),
  mode: z.enum(['paper', 'live']),
  account: backupAccountSchema,
  /** The `seq` of the backed-up `state.json`. */
  seq: z.number().int().nonnegative(),
  host: z.string(),
  appVersion: z.string(),
};

/** One file of the snapshot. */
export const manifestFileSchema = z.object({
  name: fileName,
  bytes: z.number().int().nonnegative(),
  sha256,
});

/** The manifest inside the archive: who, when, what state, and every file with its size and checksum. */
export const manifestSchema = z.object({
  ...headerShape,
  stateSchemaVersion: z.number().int().min(1),
  files: z.array(manifestFileSchema).min(1),
});

/** The record stored beside the archive (`<id>.json`): the archive's own size and checksum. */
export const backupRecordSchema = z.object({
  ...headerShape,
  archive: z.object({ bytes: z.number().int().positive(), sha256 }),
});

/** One file of a snapshot. */
export type ManifestFile = z.infer<typeof manifestFileSchema>;
/** The manifest inside an archive. */
export type Manifest = z.infer<typeof manifestSchema>;
/** The record beside an archive. */
export type BackupRecord = z.infer<typeof backupRecordSchema>;

/** The fields the manifest and the record must agree on. */
export const HEADER_FIELDS = ['id', 'createdAt', 'mode', 'seq'] as const;
