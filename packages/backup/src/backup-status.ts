import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, STATE_FILE_MODE, writeFileDurably } from '@dalio-lite/state';
import { z } from 'zod';
import type { BackupEvent } from './backup-events.ts';

/** The file beside the local backups of one account that remembers what was verified, uploaded and drilled. */
export const STATUS_FILE = 'status.json';

const at = z.iso.datetime({ offset: true });
const storeKind = z.enum(['local', 's3']);

/** The result of one store's part of a restore drill. */
export const drillResultSchema = z.object({
  store: storeKind,
  location: z.string(),
  backupId: z.string().nullable(),
  seq: z.number().int().nullable(),
  ok: z.boolean(),
  /** What was checked, or what failed, one line each. */
  details: z.array(z.string()),
});

/** The record of the last restore drill: `ok` only when every configured store restored, loaded and reconciled. */
export const drillRecordSchema = z.object({
  at,
  ok: z.boolean(),
  results: z.array(drillResultSchema),
});

const statusSchema = z.object({
  version: z.literal(1),
  /** Backups read back and checked byte for byte, by store and id: when. */
  verified: z.object({ local: z.record(z.string(), at), s3: z.record(z.string(), at) }),
  lastSuccess: z.object({ local: at.nullable(), s3: at.nullable() }),
  lastFailure: z.object({
    local: z.object({ at, message: z.string() }).nullable(),
    s3: z.object({ at, message: z.string() }).nullable(),
  }),
  /** Backups stored locally whose off-site upload failed: retried by the next backup or schedule. */
  pendingOffsite: z.array(z.string()),
  lastDrill: drillRecordSchema.nullable(),
});

/** What a store kind is called in the status. */
export type StoreKind = z.infer<typeof storeKind>;
/** One store's part of a drill. */
export type DrillResult = z.infer<typeof drillResultSchema>;
/** The last restore drill. */
export type DrillRecord = z.infer<typeof drillRecordSchema>;
/** Everything the status file remembers. */
export type BackupStatus = z.infer<typeof statusSchema>;

/** A status with nothing recorded yet. */
export function emptyBackupStatus(): BackupStatus {
  return {
    version: 1,
    verified: { local: {}, s3: {} },
    lastSuccess: { local: null, s3: null },
    lastFailure: { local: null, s3: null },
    pendingOffsite: [],
    lastDrill: null,
  };
}

/** The status file of one account's local backup directory. */
export interface BackupStatusFile {
  readonly path: string;
  read(): Promise<BackupStatus>;
  /** Read, change and write durably; callers serialise updates (the service runs them under the state's update lock). */
  update(change: (current: BackupStatus) => BackupStatus): Promise<BackupStatus>;
}

/**
 * The status is a convenience record, never the truth about a backup (every restore verifies the bytes again):
 * an unreadable file reads as empty, reported through `onEvent`, and is rewritten by the next update.
 */
export function createBackupStatusFile(dir: string, onEvent: (event: BackupEvent) => void): BackupStatusFile {
  const path = join(dir, STATUS_FILE);
  const read = async (): Promise<BackupStatus> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return emptyBackupStatus();
      throw error;
    }
    try {
      return statusSchema.parse(JSON.parse(text));
    } catch (error) {
      onEvent({ type: 'status-unreadable', path, error });
      return emptyBackupStatus();
    }
  };
  return {
    path,
    read,
    async update(change) {
      const next = statusSchema.parse(change(await read()));
      await writeFileDurably(path, `${JSON.stringify(next, null, 2)}\n`, { mode: STATE_FILE_MODE });
      return next;
    },
  };
}
