import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AccountBinding,
  decodeEnvelope,
  errnoCode,
  STATE_FILE,
  StateCorruptError,
  type StateStore,
} from '@dalio-lite/state';
import { BackupError } from './errors.ts';

/** A consistent copy of the state directory's files, in memory. */
export interface Snapshot {
  seq: number;
  stateSchemaVersion: number;
  /** The account the state is bound to, null before its first cycle. */
  binding: AccountBinding | null;
  files: Map<string, Buffer>;
}

/**
 * Read `files` (those that exist) from the state directory while holding the state's update lock, so no write
 * lands between them. A state that does not verify is refused: a backup of it would not help.
 */
export function takeSnapshot(
  store: Pick<StateStore, 'load' | 'withUpdateLock'>,
  stateDir: string,
  files: readonly string[],
): Promise<Snapshot> {
  return store.withUpdateLock(async () => {
    let state: Awaited<ReturnType<StateStore['load']>>;
    try {
      state = await store.load();
    } catch (error) {
      if (!(error instanceof StateCorruptError)) throw error;
      throw new BackupError(
        'state-unusable',
        `the state in ${stateDir} cannot be read (${error.message}), so there is nothing good to back up; restore the newest good backup with \`dalio backup restore latest\``,
        { cause: error },
      );
    }
    if (state === null) {
      throw new BackupError(
        'nothing-to-back-up',
        `there is no state in ${stateDir} yet; the first backup is taken after the first cycle (\`dalio run\`)`,
      );
    }
    const contents = new Map<string, Buffer>();
    for (const name of new Set([STATE_FILE, ...files])) {
      try {
        contents.set(name, await readFile(join(stateDir, name)));
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') throw error;
      }
    }
    const stateBytes = contents.get(STATE_FILE);
    const decoded = stateBytes ? decodeEnvelope(stateBytes) : null;
    if (!decoded?.ok) {
      throw new BackupError(
        'state-unusable',
        `${join(stateDir, STATE_FILE)} changed while it was being read`,
      );
    }
    return {
      seq: decoded.envelope.seq,
      stateSchemaVersion: decoded.envelope.schemaVersion,
      binding: state.payload.account,
      files: contents,
    };
  });
}
