import { describe, expect, it } from 'vitest';
import { createSimLocks, type LockProcess } from './sim-locks.ts';

function host(noticeMs = 0) {
  const clock = { ms: 0 };
  const locks = createSimLocks({
    now: () => clock.ms,
    advance: (ms) => {
      clock.ms += ms;
    },
    staleMs: 30_000,
    noticeMs,
  });
  const process = (id: number) => {
    let alive = true;
    let pausedSince: number | null = null;
    const p: LockProcess & { kill(): void; pause(): void } = {
      id,
      isAlive: () => alive,
      pausedSinceMs: () => pausedSince,
      kill: () => {
        alive = false;
      },
      pause: () => {
        pausedSince = clock.ms;
      },
    };
    return p;
  };
  return { clock, locks, process };
}

describe('the simulated locks', () => {
  it('turn a second process away while the holder runs, and let it in once the holder is gone', async () => {
    const { locks, process } = host();
    const a = process(1);
    const b = process(2);
    expect((await locks.rebalanceLock(a, 'lock').acquire()).kind).toBe('acquired');
    expect(await locks.rebalanceLock(b, 'lock').acquire({ wait: true })).toMatchObject({
      kind: 'busy',
      holder: { pid: 1 },
    });
    a.kill();
    expect((await locks.rebalanceLock(b, 'lock').acquire({ wait: false })).kind).toBe('acquired');
    expect(locks.rebalanceHolder()).toBe(2);
  });

  it('let a waiter take over a stopped holder once it is stale; the holder then finds its lock lost', async () => {
    const { clock, locks, process } = host(0);
    const a = process(1);
    const held = await locks.rebalanceLock(a, 'lock').acquire();
    if (held.kind !== 'acquired') throw new Error('not acquired');
    a.pause();
    expect((await locks.rebalanceLock(process(2), 'lock').acquire({ wait: false })).kind).toBe('busy');
    const taken = await locks.rebalanceLock(process(3), 'lock').acquire({ wait: true });
    expect(taken.kind).toBe('acquired');
    expect(clock.ms).toBe(30_000);
    expect(held.lock.compromised).toBe(true);
    expect(() => held.lock.assertHeld()).toThrow(/lost the lock/);
  });
});
