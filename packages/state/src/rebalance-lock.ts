import { LockError } from './errors.ts';
import { type RetrySchedule, takeLockDir } from './lock-dir.ts';
import type { LockHolder } from './lock-holder.ts';
import { openStateDir, type StateDirOptions } from './state-dir.ts';
import { ignoreStateEvents } from './state-events.ts';

/**
 * The one lock configuration every process uses: different stale/update values on the same lock can
 * let two holders coexist, so nobody passes their own (tests only shorten `staleMs`, for every process alike).
 */
export const REBALANCE_LOCK_CONFIG = {
  fileName: 'rebalance.lock',
  staleMs: 30_000,
  updateMs: 5_000,
  retryMinTimeoutMs: 100,
  retryMaxTimeoutMs: 1_000,
} as const;

/** Options of the rebalance lock. */
export interface RebalanceLockOptions extends Pick<StateDirOptions, 'stateDir' | 'onEvent' | 'onStep'> {
  /** Age after which a holder that stopped refreshing is presumed dead; default 30 s, clamped to ≥ 2 s. */
  staleMs?: number;
}

/** A held lock. Check `compromised` (or call `assertHeld`) before every side effect. */
export interface HeldLock {
  readonly compromised: boolean;
  readonly compromisedReason: string | null;
  readonly released: boolean;
  /** Throw `LockError` unless the lock is still ours. */
  assertHeld(): void;
  /** Let go; a no-op when already released or compromised. */
  release(): Promise<void>;
}

/** The lock is held by someone else: `holder` says who and since when (null when it cannot be read). */
export interface LockBusy {
  kind: 'busy';
  holder: LockHolder | null;
}

/** Whether the lock was taken. */
export type LockAttempt = { kind: 'acquired'; lock: HeldLock } | LockBusy;

/** What `withLock` did: ran `fn` (telling whether the lock was lost meanwhile) or found the lock busy. */
export type WithLockOutcome<T> = { kind: 'done'; value: T; compromised: boolean } | LockBusy;

/** The cross-process rebalance lock over `<stateDir>/rebalance.lock`. */
export interface RebalanceLock {
  readonly lockPath: string;
  /**
   * Take the lock; `wait: false` answers `busy` at once instead of retrying past the stale time. A holder on
   * this host whose process is gone is taken over at once either way; a live one never is.
   */
  acquire(options?: { wait?: boolean }): Promise<LockAttempt>;
  /** Run `fn` holding the lock and release it afterwards, also when `fn` throws. */
  withLock<T>(fn: (lock: HeldLock) => Promise<T>, options?: { wait?: boolean }): Promise<WithLockOutcome<T>>;
}

/** Create the rebalance lock for a state directory. */
export function createRebalanceLock(options: RebalanceLockOptions): RebalanceLock {
  const dir = openStateDir({
    stateDir: options.stateDir,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const onEvent = options.onEvent ?? ignoreStateEvents;
  const lockPath = dir.path(REBALANCE_LOCK_CONFIG.fileName);
  const staleMs = Math.max(options.staleMs ?? REBALANCE_LOCK_CONFIG.staleMs, 2_000);
  const updateMs = Math.min(REBALANCE_LOCK_CONFIG.updateMs, staleMs / 2);
  const retries = retryBudget(staleMs);

  const acquire = async ({ wait = true }: { wait?: boolean } = {}): Promise<LockAttempt> => {
    await dir.ready();
    const retry = wait ? retries : null;
    const attempt = await takeLockDir(lockPath, {
      staleMs,
      updateMs,
      retry,
      onEvent,
      onStep: options.onStep,
    });
    if (attempt.kind === 'busy') return attempt;
    const taken = attempt.lock;
    let released = false;
    const held: HeldLock = {
      get compromised() {
        return taken.compromisedReason() !== null;
      },
      get compromisedReason() {
        return taken.compromisedReason();
      },
      get released() {
        return released;
      },
      assertHeld() {
        const lost = taken.compromisedReason();
        if (lost !== null) throw new LockError('compromised', `lost the lock ${lockPath}: ${lost}`);
        if (released) throw new LockError('released', `the lock ${lockPath} was already released`);
      },
      async release() {
        if (released || taken.compromisedReason() !== null) return;
        released = true;
        await taken.unlock();
      },
    };
    return { kind: 'acquired', lock: held };
  };

  return {
    lockPath,
    acquire,
    async withLock(fn, lockOptions) {
      const attempt = await acquire(lockOptions);
      if (attempt.kind === 'busy') return attempt;
      try {
        const value = await fn(attempt.lock);
        return { kind: 'done', value, compromised: attempt.lock.compromised };
      } finally {
        await attempt.lock.release();
      }
    },
  };
}

/** Waits between lock attempts: they grow from the first to the last value. */
export interface RetryTimeouts {
  retryMinTimeoutMs: number;
  retryMaxTimeoutMs: number;
}

/**
 * Retry options whose waits add up to at least twice the stale time, so a holder that stopped refreshing the
 * lock (on another host, or with an unreadable record) is always taken over; `timeouts` defaults to the
 * rebalance lock's.
 */
export function retryBudget(staleMs: number, timeouts: RetryTimeouts = REBALANCE_LOCK_CONFIG): RetrySchedule {
  const factor = 1.5;
  const { retryMinTimeoutMs: minTimeout, retryMaxTimeoutMs: maxTimeout } = timeouts;
  let retries = 0;
  for (let waitedMs = 0; waitedMs < 2 * staleMs; retries += 1) {
    waitedMs += Math.min(minTimeout * factor ** retries, maxTimeout);
  }
  return { retries, factor, minTimeout, maxTimeout };
}
