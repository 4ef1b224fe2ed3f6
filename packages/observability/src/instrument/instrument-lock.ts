import type { HeldLock, RebalanceLock } from '@dalio-lite/state';
import type { MetricsRecorder } from '../metrics-recorder.ts';

/** The rebalance lock with the time spent waiting for it and the time it was held recorded as histograms. */
export function instrumentLock(
  lock: RebalanceLock,
  recorder: MetricsRecorder,
  nowMs: () => number = Date.now,
): RebalanceLock {
  const acquire: RebalanceLock['acquire'] = async (options) => {
    const startedMs = nowMs();
    const attempt = await lock.acquire(options);
    const acquiredMs = nowMs();
    recorder.observe('lockWait', {}, (acquiredMs - startedMs) / 1000);
    if (attempt.kind === 'busy') return attempt;
    const held = attempt.lock;
    let recorded = false;
    const timed: HeldLock = {
      get compromised() {
        return held.compromised;
      },
      get compromisedReason() {
        return held.compromisedReason;
      },
      get released() {
        return held.released;
      },
      assertHeld: () => held.assertHeld(),
      async release() {
        if (!recorded) {
          recorded = true;
          recorder.observe('lockHold', {}, (nowMs() - acquiredMs) / 1000);
        }
        await held.release();
      },
    };
    return { kind: 'acquired', lock: timed };
  };
  return {
    lockPath: lock.lockPath,
    acquire,
    async withLock(fn, options) {
      const attempt = await acquire(options);
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
