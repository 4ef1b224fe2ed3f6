import { LockError } from './errors.ts';
import { takeLockDir } from './lock-dir.ts';
import { retryBudget } from './rebalance-lock.ts';
import type { StateDir } from './state-dir.ts';
import type { OnStateEvent } from './state-events.ts';

/**
 * The one configuration of the short lock around each state update, shared by every process (different
 * stale/update values on one lock can let two holders coexist; tests only shorten `staleMs`, for every
 * process alike). It is held for milliseconds, so a short stale time lets the next writer take over soon
 * after a holder was killed mid-update, and waiters poll often.
 */
export const STATE_UPDATE_LOCK_CONFIG = {
  fileName: 'state.update.lock',
  staleMs: 5_000,
  updateMs: 1_000,
  retryMinTimeoutMs: 5,
  retryMaxTimeoutMs: 100,
} as const;

/** Options of the state update lock. */
export interface StateUpdateLockOptions {
  dir: StateDir;
  onEvent: OnStateEvent;
  /** Age after which a holder that stopped refreshing is presumed dead; clamped to ≥ 2 s. */
  staleMs?: number;
}

/** Lets the holder check, right before each write, that nobody can have taken the lock over. */
export interface UpdateLockGuard {
  /** Throw `LockError` (`compromised`) when the lock was lost or held so long another process may have taken it. */
  assertHeld(): void;
}

/** Serialises read-modify-write of the state across processes. */
export interface StateUpdateLock {
  readonly lockPath: string;
  /**
   * Run `fn` holding the lock and release it afterwards, also when `fn` throws. Waits out a live holder; a
   * holder on this host whose process is gone (a writer killed mid-update) is taken over at once.
   */
  run<T>(fn: (guard: UpdateLockGuard) => Promise<T>): Promise<T>;
}

/** Create the update lock over `<stateDir>/state.update.lock`. */
export function createStateUpdateLock(options: StateUpdateLockOptions): StateUpdateLock {
  const { dir, onEvent } = options;
  const lockPath = dir.path(STATE_UPDATE_LOCK_CONFIG.fileName);
  const staleMs = Math.max(options.staleMs ?? STATE_UPDATE_LOCK_CONFIG.staleMs, 2_000);
  const updateMs = Math.min(STATE_UPDATE_LOCK_CONFIG.updateMs, staleMs / 2);
  // Randomised waits only lengthen the budget and keep contending processes out of lockstep.
  const retries = { ...retryBudget(staleMs, STATE_UPDATE_LOCK_CONFIG), randomize: true };
  // Within this window of acquiring, the lock's mtime is fresh enough that nobody can call it stale, even
  // if our refresh timer never ran (blocked event loop). Measured on the wall clock, as staleness is.
  const safeHoldMs = staleMs / 2;
  const nowMs = (): number => dir.context.now().getTime();

  return {
    lockPath,
    async run(fn) {
      await dir.ready();
      const attempt = await takeLockDir(lockPath, { staleMs, updateMs, retry: retries, onEvent });
      if (attempt.kind === 'busy') {
        const { holder } = attempt;
        const by = holder
          ? ` by process ${holder.pid} on ${holder.hostname} (since ${holder.acquiredAt})`
          : '';
        throw new LockError('busy', `${lockPath} is still held${by} after waiting over ${2 * staleMs} ms`);
      }
      const taken = attempt.lock;
      const acquiredAt = nowMs();
      const guard: UpdateLockGuard = {
        assertHeld() {
          const lost = taken.compromisedReason();
          if (lost !== null) throw new LockError('compromised', `lost the lock ${lockPath}: ${lost}`);
          const heldMs = nowMs() - acquiredAt;
          if (heldMs >= safeHoldMs) {
            const message = `held ${lockPath} for ${Math.round(heldMs)} ms, too close to its stale time of ${staleMs} ms`;
            throw new LockError('compromised', message);
          }
        },
      };
      try {
        return await fn(guard);
      } finally {
        // proper-lockfile already forgot a compromised lock; removing it could delete another holder's.
        if (taken.compromisedReason() === null) await taken.unlock();
      }
    },
  };
}
