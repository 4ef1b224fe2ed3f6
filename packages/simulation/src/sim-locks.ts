import {
  type HeldLock,
  type LockAttempt,
  LockError,
  type RebalanceLock,
  type StateUpdateLock,
} from '@dalio-lite/state';

/** A simulated process as the locks see it. */
export interface LockProcess {
  readonly id: number;
  isAlive(): boolean;
  /** When it was stopped (SIGSTOP, a VM suspend), in simulated ms; null while it runs. */
  pausedSinceMs(): number | null;
}

/** Options of the simulated locks. */
export interface SimLocksOptions {
  /** Simulated now, in ms. */
  now: () => number;
  /** Let simulated time pass (a waiter's retries). */
  advance: (ms: number) => void;
  /** The rebalance lock's stale time (the product's is 30 s). */
  staleMs: number;
  /**
   * How long after a takeover the old holder notices it lost the lock (proper-lockfile finds out at its next
   * refresh, which a resumed process may reach late or, in practice, after its next steps). Infinity: never.
   */
  noticeMs: number;
}

/**
 * The rebalance lock and the state update lock of one simulated host, in memory and on simulated time, with
 * the product's rules: a holder whose process is gone is taken over at once; a stopped one once it is stale,
 * and a waiter waits until then; a running one never.
 */
export interface SimLocks {
  rebalanceLock(process: LockProcess, lockPath: string): RebalanceLock;
  updateLock(process: LockProcess, lockPath: string): StateUpdateLock;
  /** The process holding the rebalance lock (dead or alive), or null. */
  rebalanceHolder(): number | null;
}

interface Holding {
  process: LockProcess;
  acquiredAtMs: number;
  lostAtMs: number | null;
  released: boolean;
}

/** Create the simulated locks. */
export function createSimLocks(options: SimLocksOptions): SimLocks {
  const { now, staleMs } = options;
  let rebalance: Holding | null = null;
  let update: LockProcess | null = null;

  const stale = (holding: Holding) => {
    const since = holding.process.pausedSinceMs();
    return since !== null && now() - since >= staleMs;
  };
  const busy = (holding: Holding): LockAttempt => ({
    kind: 'busy',
    holder: {
      pid: holding.process.id,
      hostname: 'sim',
      acquiredAt: new Date(holding.acquiredAtMs).toISOString(),
    },
  });

  return {
    rebalanceHolder: () => (rebalance && !rebalance.released ? rebalance.process.id : null),
    rebalanceLock(process, lockPath) {
      return {
        lockPath,
        async acquire({ wait = true } = {}) {
          const current = rebalance && !rebalance.released ? rebalance : null;
          if (current?.process.isAlive() && !stale(current)) {
            const since = current.process.pausedSinceMs();
            // A waiter retries for twice the stale time: a stopped holder goes stale meanwhile, a running one not.
            if (!wait || since === null) return busy(current);
            options.advance(Math.max(0, since + staleMs - now()));
          }
          if (current) current.lostAtMs = now();
          const holding: Holding = { process, acquiredAtMs: now(), lostAtMs: null, released: false };
          rebalance = holding;
          const lostReason = () =>
            holding.lostAtMs !== null && now() - holding.lostAtMs >= options.noticeMs
              ? 'Unable to update lock within the stale threshold'
              : null;
          const held: HeldLock = {
            get compromised() {
              return lostReason() !== null;
            },
            get compromisedReason() {
              return lostReason();
            },
            get released() {
              return holding.released;
            },
            assertHeld() {
              const lost = lostReason();
              if (lost !== null) throw new LockError('compromised', `lost the lock ${lockPath}: ${lost}`);
              if (holding.released)
                throw new LockError('released', `the lock ${lockPath} was already released`);
            },
            async release() {
              if (holding.released || lostReason() !== null) return;
              holding.released = true;
            },
          };
          return { kind: 'acquired', lock: held };
        },
        async withLock(fn, lockOptions) {
          const attempt = await this.acquire(lockOptions);
          if (attempt.kind === 'busy') return attempt;
          try {
            const value = await fn(attempt.lock);
            return { kind: 'done', value, compromised: attempt.lock.compromised };
          } finally {
            await attempt.lock.release();
          }
        },
      };
    },
    updateLock(process, lockPath) {
      return {
        lockPath,
        async run(fn) {
          if (update && update !== process && update.isAlive()) {
            // Updates never nest in the simulation: two at once would mean its scheduling is wrong.
            throw new Error(`simulated ${lockPath} is held by live process ${update.id}`);
          }
          update = process;
          try {
            return await fn({ assertHeld() {} });
          } finally {
            if (update === process) update = null;
          }
        },
      };
    },
  };
}
