import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockError } from './errors.ts';
import { createRebalanceLock, REBALANCE_LOCK_CONFIG, retryBudget } from './rebalance-lock.ts';
import type { StateEvent } from './state-events.ts';

let stateDir: string;
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'dalio-lock-'));
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

describe('createRebalanceLock (in process)', () => {
  it('shares one configuration with a stale time of at least 30 s', () => {
    expect(REBALANCE_LOCK_CONFIG.staleMs).toBeGreaterThanOrEqual(30_000);
    expect(REBALANCE_LOCK_CONFIG.updateMs).toBeLessThanOrEqual(REBALANCE_LOCK_CONFIG.staleMs / 2);
  });

  it('waits long enough to outlast a stale holder', () => {
    for (const staleMs of [2_000, 30_000]) {
      const { retries, factor, minTimeout, maxTimeout } = retryBudget(staleMs);
      let totalMs = 0;
      for (let attempt = 0; attempt < retries; attempt += 1)
        totalMs += Math.min(minTimeout * factor ** attempt, maxTimeout);
      expect(totalMs).toBeGreaterThanOrEqual(2 * staleMs);
    }
  });

  it('locks <stateDir>/rebalance.lock and releases it after withLock, also when fn throws', async () => {
    const lock = createRebalanceLock({ stateDir });
    expect(lock.lockPath).toBe(join(stateDir, 'rebalance.lock'));
    const outcome = await lock.withLock(async (held) => {
      expect(existsSync(lock.lockPath)).toBe(true);
      held.assertHeld();
      return 42;
    });
    expect(outcome).toEqual({ kind: 'done', value: 42, compromised: false });
    expect(existsSync(lock.lockPath)).toBe(false);
    await expect(lock.withLock(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(lock.lockPath)).toBe(false);
  });

  it('answers busy at once when the caller does not want to wait', async () => {
    const lock = createRebalanceLock({ stateDir });
    const first = await lock.acquire();
    expect(first.kind).toBe('acquired');
    const ran = vi.fn();
    expect(await createRebalanceLock({ stateDir }).withLock(ran, { wait: false })).toEqual({ kind: 'busy' });
    expect(ran).not.toHaveBeenCalled();
    if (first.kind === 'acquired') await first.lock.release();
    expect((await lock.acquire({ wait: false })).kind).toBe('acquired');
  });

  it('refuses side effects after release', async () => {
    const attempt = await createRebalanceLock({ stateDir }).acquire();
    if (attempt.kind !== 'acquired') throw new Error('expected the lock');
    await attempt.lock.release();
    await attempt.lock.release();
    expect(() => attempt.lock.assertHeld()).toThrow(expect.objectContaining({ kind: 'released' }));
  });

  it('turns a compromised lock into a flag and an event instead of crashing the process', async () => {
    const events: StateEvent[] = [];
    const lock = createRebalanceLock({ stateDir, staleMs: 2_000, onEvent: (event) => events.push(event) });
    const attempt = await lock.acquire();
    if (attempt.kind !== 'acquired') throw new Error('expected the lock');
    // Someone else touched the lock: its mtime is no longer the one this holder wrote.
    utimesSync(lock.lockPath, new Date(0), new Date(0));
    await vi.waitFor(() => expect(attempt.lock.compromised).toBe(true), { timeout: 5_000, interval: 50 });
    expect(() => attempt.lock.assertHeld()).toThrow(LockError);
    expect(() => attempt.lock.assertHeld()).toThrow(expect.objectContaining({ kind: 'compromised' }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'lock-compromised', path: lock.lockPath }));
    await attempt.lock.release();
  });
});
