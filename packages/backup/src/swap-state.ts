import { copyFile, link, mkdir, mkdtemp, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  createStateStore,
  errnoCode,
  nodeFs,
  SEQ_MARKER_FILE,
  STATE_FILE,
  STATE_FILE_MODE,
  type StateStore,
  syncDirectory,
  writeFileDurably,
} from '@dalio-lite/state';
import { BackupError } from './errors.ts';
import type { VerifiedBackup } from './verify-backup.ts';

/** What a swap did: the restored seq, and where the replaced files were kept (null when there were none). */
export interface SwapOutcome {
  seq: number;
  asideDir: string | null;
}

/**
 * Put a verified backup in place of the state directory's files, Litestream-style: write it into a temporary
 * directory beside the state directory, check that it loads as a state, then — holding the state's update lock —
 * keep every current file aside (`<stateDir>.before-restore-<time>/`) and rename the restored files in, each
 * rename atomic, the seq marker and then `state.json` last; finally accept the restored state (lifting a
 * quarantine). A crash in between leaves the state refused (quarantined or rolled back), never a mix read as good.
 * Files outside `replaced` (locks, quarantined copies, a simulator's account) are not touched.
 */
export async function swapInBackup(
  store: StateStore,
  stateDir: string,
  backup: VerifiedBackup,
  replaced: readonly string[],
  now: Date,
): Promise<SwapOutcome> {
  // Creates a missing state directory (a fresh host) and proves this user may write in it.
  await store.checkWritable();
  const parent = dirname(stateDir);
  const name = basename(stateDir);
  const staging = await mkdtemp(join(parent, `.${name}.restore-`));
  try {
    for (const [file, bytes] of backup.files) {
      await writeFileDurably(join(staging, file), bytes, { mode: STATE_FILE_MODE });
    }
    const loaded = await createStateStore({ stateDir: staging })
      .load()
      .catch((error: unknown) => {
        throw new BackupError(
          'state-unusable',
          `backup ${backup.record.id} does not load as a state (${error instanceof Error ? error.message : String(error)}); use another backup`,
          { backupId: backup.record.id, cause: error },
        );
      });
    if (loaded?.seq !== backup.manifest.seq) {
      throw new BackupError(
        'state-unusable',
        `backup ${backup.record.id} did not load with seq ${backup.manifest.seq}`,
        {
          backupId: backup.record.id,
        },
      );
    }
    const asideDir = `${stateDir}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    const incoming = new Set(backup.files.keys());
    const order = [...new Set([...replaced, ...incoming])].sort(
      (a, b) => installRank(a) - installRank(b) || a.localeCompare(b),
    );
    await store.withUpdateLock(async () => {
      await mkdir(asideDir, { recursive: true, mode: 0o700 });
      for (const file of order) {
        const current = join(stateDir, file);
        if (incoming.has(file)) {
          // A hard link keeps the current bytes aside while the name stays in place until the rename replaces it.
          await keepAside(current, join(asideDir, file), 'link');
          await rename(join(staging, file), current);
        } else {
          // Not in the backup: moved aside, so nothing newer than the backup stays beside it.
          await keepAside(current, join(asideDir, file), 'move');
        }
      }
      await syncDirectory(nodeFs, stateDir);
      await syncDirectory(nodeFs, parent);
    });
    const accepted = await store.acceptRestoredState();
    const kept = (await readdir(asideDir)).length > 0;
    if (!kept) await rmdir(asideDir);
    return { seq: accepted.seq, asideDir: kept ? asideDir : null };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Other files first, then the seq marker, then `state.json`: each step leaves a state that reads or is refused. */
function installRank(file: string): number {
  if (file === STATE_FILE) return 2;
  if (file === SEQ_MARKER_FILE) return 1;
  return 0;
}

/** File systems without hard links get a copy instead (the name still stays in place until the rename). */
const NO_HARD_LINKS: ReadonlySet<string> = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK']);

async function keepAside(from: string, to: string, how: 'link' | 'move'): Promise<void> {
  try {
    if (how === 'move') await rename(from, to);
    else {
      await link(from, to).catch(async (error: unknown) => {
        if (!NO_HARD_LINKS.has(errnoCode(error) ?? '')) throw error;
        await copyFile(from, to);
      });
    }
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw error;
  }
}
