import * as fs from 'node:fs';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { lock as lockFile } from 'proper-lockfile';
import { type CrashPoints, noCrashPoints } from './crash-points.ts';
import { writeFileDurably } from './durable-write.ts';
import { errnoCode, LockError } from './errors.ts';
import {
  createHolderRecord,
  currentProcess,
  HOLDER_FILE,
  type HolderRecord,
  isHolderGone,
  type LockHolder,
  lockHolderOf,
  newHolderToken,
  readHolderRecord,
  readHolderRecordSync,
} from './lock-holder.ts';
import type { OnStateEvent } from './state-events.ts';

/** A lock directory this process holds; `compromisedReason` is set (never thrown) when it was lost. */
export interface LockDir {
  unlock(): Promise<void>;
  compromisedReason(): string | null;
}

/** Whether the lock directory was taken, or who holds it (null when no holder can be read). */
export type LockDirAttempt = { kind: 'taken'; lock: LockDir } | { kind: 'busy'; holder: LockHolder | null };

/** Growing waits between attempts, in the `retry` package's terms (what `retryBudget` returns). */
export interface RetrySchedule {
  retries: number;
  factor: number;
  minTimeout: number;
  maxTimeout: number;
  randomize?: boolean;
}

/** Options of `takeLockDir`; every process taking one lock must pass the same `staleMs` and `updateMs`. */
export interface TakeLockDirOptions {
  staleMs: number;
  updateMs: number;
  /** Waits while a live holder keeps the lock; null answers `busy` after one attempt. */
  retry: RetrySchedule | null;
  onEvent: OnStateEvent;
  /** Called with `LOCK_MOVE_ASIDE_STEP` right before a lock directory is moved aside; tests pause a taker there. */
  onStep?: CrashPoints;
}

/** The step just before a lock directory found dead or stale is renamed to its tombstone. */
export const LOCK_MOVE_ASIDE_STEP = 'lock-before-move-aside';

// A lock that vanished, or whose dead holder was just moved aside, is retried at once, this often in a row.
const IMMEDIATE_RETRIES = 5;

/**
 * Take a proper-lockfile lock directory at `lockPath` and record this process in `<lockPath>/holder.json`.
 * A holder on this host whose process is gone is taken over at once; any other holder only once its lock is
 * stale. A lost lock is reported through `onEvent` and `compromisedReason` instead of proper-lockfile's
 * default throw from a timer, which would crash the process.
 *
 * Every removal, ours or a takeover, renames the directory to `<lockPath>.gone-<id>` (`id`: the holder's
 * random token, or inode and mtime when there is no readable holder). Two processes taking over the same
 * dead lock pick the same name; a rename onto the first one's non-empty tombstone fails, so only one moves
 * it, and a newer lock at `<lockPath>` is never moved by a taker that looked at the old one. Tombstones are
 * swept once older than the stale time (a taker stalled that long is presumed dead, as holders are).
 */
export async function takeLockDir(lockPath: string, options: TakeLockDirOptions): Promise<LockDirAttempt> {
  const { staleMs, retry } = options;
  const moveOptions = { keepMs: staleMs, onStep: options.onStep ?? noCrashPoints };
  const self = currentProcess();
  const token = newHolderToken();
  let compromisedReason: string | null = null;
  let released = false;

  const publish = async (path: string): Promise<void> => {
    await mkdir(path, { mode: 0o700 });
    try {
      // Written before proper-lockfile probes the directory's mtime: a later entry change would compromise it.
      const record = createHolderRecord(self, token, new Date());
      await writeFileDurably(join(path, HOLDER_FILE), `${JSON.stringify(record)}\n`);
    } catch (error) {
      await removeOwn(path, token).catch(() => {});
      throw error;
    }
  };
  const remove = async (path: string): Promise<void> => {
    const found = await inspectLockDir(path);
    if (found === null) return;
    if (found.record?.token === token) return removeOwn(path, token);
    // Our lock was taken over while we held it: whoever has it now is not ours to remove.
    if (released) return;
    if (found.mtimeMs >= Date.now() - staleMs) throw lockedError(path);
    await moveAside(path, found.id, moveOptions);
  };
  // proper-lockfile calls rmdir for a stale lock and on unlock, rmdirSync from its exit handler.
  const lockfileFs = {
    stat: fs.stat,
    utimes: fs.utimes,
    mkdir: (path: string, done: (error: Error | null) => void) => settle(publish(path), done),
    rmdir: (path: string, done: (error: Error | null) => void) => settle(remove(path), done),
    rmdirSync: (path: string) => removeOwnSync(path, token),
  };

  let immediateLeft = IMMEDIATE_RETRIES;
  for (let attempt = 0; ; ) {
    try {
      const unlock = await lockFile(lockPath, {
        lockfilePath: lockPath,
        realpath: false,
        stale: staleMs,
        update: options.updateMs,
        retries: 0,
        fs: lockfileFs,
        onCompromised: (error) => {
          compromisedReason = error.message;
          options.onEvent({ type: 'lock-compromised', path: lockPath, message: error.message });
        },
      });
      const release = async (): Promise<void> => {
        released = true;
        await unlock();
      };
      return { kind: 'taken', lock: { unlock: release, compromisedReason: () => compromisedReason } };
    } catch (error) {
      if (errnoCode(error) !== 'ELOCKED') {
        throw new LockError('unavailable', `cannot take the lock ${lockPath}: ${String(error)}`, error);
      }
    }
    const found = await inspectLockDir(lockPath);
    if (immediateLeft > 0 && (found === null || (found.record && isHolderGone(found.record, self)))) {
      immediateLeft -= 1;
      // Look again after the liveness check: a holder that released just before exiting left a newer lock.
      const again = found && (await inspectLockDir(lockPath));
      if (again && again.id === found?.id) await moveAside(lockPath, again.id, moveOptions);
      continue;
    }
    if (retry === null || attempt >= retry.retries) {
      return { kind: 'busy', holder: found?.record ? lockHolderOf(found.record) : null };
    }
    await new Promise((resolve) => setTimeout(resolve, retryDelayMs(retry, attempt)));
    attempt += 1;
    immediateLeft = IMMEDIATE_RETRIES;
  }
}

/** The wait before retry number `attempt` (from 0), as the `retry` package computes it. */
function retryDelayMs(schedule: RetrySchedule, attempt: number): number {
  const jitter = schedule.randomize ? Math.random() + 1 : 1;
  const delayMs = Math.round(jitter * Math.max(schedule.minTimeout, 1) * schedule.factor ** attempt);
  return Math.min(delayMs, schedule.maxTimeout);
}

interface LockSnapshot {
  record: HolderRecord | null;
  id: string;
  mtimeMs: number;
}

/** The lock directory and its holder read as one (unchanged inode and mtime around the read), or null if absent. */
async function inspectLockDir(lockPath: string): Promise<LockSnapshot | null> {
  for (let tries = 0; tries < 3; tries += 1) {
    const before = await statOrNull(lockPath);
    const record = before && (await readHolderRecord(lockPath));
    const after = before && (await statOrNull(lockPath));
    if (before === null || after === null) return null;
    if (before.ino === after.ino && before.mtimeNs === after.mtimeNs) {
      const id = record?.token ?? `i${after.ino}-${after.mtimeNs}`;
      return { record, id, mtimeMs: Number(after.mtimeNs / 1_000_000n) };
    }
  }
  // Still changing (a live holder refreshing it): report it as unknown; the caller retries.
  return null;
}

async function statOrNull(path: string): Promise<fs.BigIntStats | null> {
  try {
    return await fs.promises.stat(path, { bigint: true });
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
}

/** Move the lock `id` to its tombstone; false when it was gone or another taker moved it first. */
async function moveAside(
  lockPath: string,
  id: string,
  options: { keepMs: number; onStep: CrashPoints },
): Promise<boolean> {
  await options.onStep(LOCK_MOVE_ASIDE_STEP);
  try {
    await rename(lockPath, tombstonePath(lockPath, id));
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTEMPTY' || code === 'EEXIST') return false;
    throw error;
  }
  await sweepTombstones(lockPath, options.keepMs).catch(() => {});
  return true;
}

async function removeOwn(lockPath: string, token: string): Promise<void> {
  const tombstone = tombstonePath(lockPath, token);
  try {
    await rename(lockPath, tombstone);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw error;
  }
  await rm(tombstone, { recursive: true, force: true });
}

function removeOwnSync(lockPath: string, token: string): void {
  if (readHolderRecordSync(lockPath)?.token !== token) return;
  const tombstone = tombstonePath(lockPath, token);
  fs.renameSync(lockPath, tombstone);
  fs.rmSync(tombstone, { recursive: true, force: true });
}

/** Remove tombstones of `lockPath` moved aside (rename sets ctime) longer than `keepMs` ago. */
async function sweepTombstones(lockPath: string, keepMs: number): Promise<void> {
  const dir = dirname(lockPath);
  const prefix = `${basename(lockPath)}.gone-`;
  const cutoffMs = Date.now() - keepMs;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix)) continue;
    const path = join(dir, name);
    const info = await lstat(path).catch(() => null);
    if (info !== null && info.ctimeMs < cutoffMs) await rm(path, { recursive: true, force: true });
  }
}

function tombstonePath(lockPath: string, id: string): string {
  return `${lockPath}.gone-${id}`;
}

function lockedError(path: string): Error {
  return Object.assign(new Error('Lock file is already being held'), { code: 'ELOCKED', file: path });
}

function settle(work: Promise<void>, done: (error: Error | null) => void): void {
  work.then(
    () => done(null),
    (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
  );
}
