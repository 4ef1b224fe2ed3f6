import { z } from 'zod';
import { type VersionedSchema, writeCheckedFile } from './checked-json-file.ts';
import { syncDirectory } from './durable-write.ts';
import { decodeEnvelope } from './envelope.ts';
import { CORRUPTION_KINDS, type CorruptionKind, errnoCode, StateCorruptError } from './errors.ts';
import type { StateDir } from './state-dir.ts';

/** File name of the record that the state was quarantined; while it exists, the state is refused. */
export const QUARANTINE_RECORD_FILE = 'state.quarantined.json';

/** Why the state directory is refused: which file failed verification, when and how. */
export interface QuarantineRecord {
  at: string;
  path: string;
  kind: CorruptionKind;
  message: string;
}

const recordSchema: VersionedSchema<QuarantineRecord> = {
  version: 1,
  schema: z.object({
    at: z.iso.datetime({ offset: true }),
    path: z.string(),
    kind: z.enum(CORRUPTION_KINDS),
    message: z.string(),
  }),
  migrations: [],
};

/**
 * The durable fail-closed switch of a state directory. Once `state.json` or its seq marker has been
 * quarantined, every later load refuses — even when both files are gone and the directory would otherwise
 * read as "never written" — until a restore or an explicit reset clears it.
 */
export interface StateQuarantine {
  readonly path: string;
  /** Record a quarantine durably; runs before the corrupt file is moved aside. */
  record(path: string, kind: CorruptionKind, message: string): Promise<void>;
  /** Throw `StateCorruptError` (`quarantined`) while a quarantine is on record. */
  assertClear(statePath: string): Promise<void>;
  /** Lift the quarantine after a verified restore or a confirmed reset. */
  clear(): Promise<void>;
}

/** The quarantine record of a state directory. */
export function createStateQuarantine(dir: StateDir): StateQuarantine {
  const path = dir.path(QUARANTINE_RECORD_FILE);
  const { fs } = dir.context;
  return {
    path,
    async record(corruptPath, kind, message) {
      // A second quarantine keeps the first record: it says when the trouble began.
      if (await exists(path)) return;
      const record = { at: dir.context.now().toISOString(), path: corruptPath, kind, message };
      await writeCheckedFile(path, recordSchema, record, 1, dir.context);
    },
    async assertClear(statePath) {
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(path);
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') return;
        throw error;
      }
      // Whatever the record's own condition, its presence alone keeps the state refused.
      const decoded = decodeEnvelope(bytes);
      const parsed = decoded.ok ? recordSchema.schema.safeParse(decoded.envelope.payload) : null;
      const since = parsed?.success
        ? ` since ${parsed.data.at} (${parsed.data.path}: ${parsed.data.kind})`
        : ` (${path} records it)`;
      const message = `the state in ${dir.root} was quarantined${since}; it stays refused until it is restored from a backup or reset`;
      throw new StateCorruptError('quarantined', statePath, null, message);
    },
    async clear() {
      try {
        await fs.unlink(path);
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') return;
        throw error;
      }
      await syncDirectory(fs, dir.root);
    },
  };

  async function exists(file: string): Promise<boolean> {
    try {
      await fs.lstat(file);
      return true;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return false;
      throw error;
    }
  }
}
