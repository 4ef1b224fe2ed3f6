import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockError } from './errors.ts';
import { LOCK_MOVE_ASIDE_STEP } from './lock-dir.ts';
import {
  createHolderRecord,
  currentProcess,
  HOLDER_FILE,
  type HolderRecord,
  newHolderToken,
  readHolderRecord,
} from './lock-holder.ts';
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
    expect(await createRebalanceLock({ stateDir }).withLock(ran, { wait: false })).toMatchObject({
      kind: 'busy',
      holder: { pid: process.pid },
    });
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

// Far beyond any test: a lock these tests get at once was taken over, not found stale.
const LONG_STALE_MS = 600_000;

/** Leave `<stateDir>/rebalance.lock` as a holder would: a directory with `holder.json` (raw text if a string). */
function stageLock(lockPath: string, holder: Partial<HolderRecord> | string | null): void {
  mkdirSync(lockPath);
  if (holder === null) return;
  const text =
    typeof holder === 'string'
      ? holder
      : JSON.stringify({ ...createHolderRecord(currentProcess(), newHolderToken(), new Date()), ...holder });
  writeFileSync(join(lockPath, HOLDER_FILE), text);
}

/** A pid that ran on this host and has ended. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  if (pid === undefined) throw new Error('could not start a child');
  return pid;
}

describe('the holder of the rebalance lock', () => {
  it('is recorded in the lock directory and named to anyone who finds the lock busy', async () => {
    const before = Date.now();
    const lock = createRebalanceLock({ stateDir });
    const attempt = await lock.acquire({ wait: false });
    if (attempt.kind !== 'acquired') throw new Error('expected the lock');
    const record = JSON.parse(readFileSync(join(lock.lockPath, HOLDER_FILE), 'utf8'));
    expect(record).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(Date.parse(record.acquiredAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(record.acquiredAt)).toBeLessThanOrEqual(Date.now());

    const busy = await createRebalanceLock({ stateDir }).acquire({ wait: false });
    expect(busy).toEqual({
      kind: 'busy',
      holder: { pid: process.pid, hostname: hostname(), acquiredAt: record.acquiredAt },
    });
    await attempt.lock.release();
    expect(existsSync(lock.lockPath)).toBe(false);
    expect(readdirSync(stateDir).filter((name) => name.startsWith('rebalance.lock'))).toEqual([]);
  });

  const self = currentProcess();
  const deadOnThisHost = [
    { case: 'its pid has ended', holder: () => ({ pid: deadPid() }), when: true },
    {
      case: 'its pid now runs a later process',
      holder: () => ({ processStartTicks: '1' }),
      when: self.processStartTicks !== null,
    },
    {
      case: 'it was recorded in an earlier boot',
      holder: () => ({ bootId: 'an-earlier-boot' }),
      when: self.bootId !== null,
    },
  ];
  it.each(deadOnThisHost.filter(({ when }) => when))(
    'is taken over at once when $case on this host',
    async ({ holder }) => {
      const lock = createRebalanceLock({ stateDir, staleMs: LONG_STALE_MS });
      stageLock(lock.lockPath, holder());
      const dead = await readHolderRecord(lock.lockPath);
      const attempt = await lock.acquire({ wait: false });
      expect(attempt.kind).toBe('acquired');
      const now = await readHolderRecord(lock.lockPath);
      expect(now).toMatchObject({ pid: process.pid, processStartTicks: self.processStartTicks });
      expect(now?.token).not.toBe(dead?.token);
      if (attempt.kind === 'acquired') await attempt.lock.release();
    },
  );

  it.each([
    {
      case: 'on another host',
      holder: () => ({ hostname: 'elsewhere', pid: deadPid() }),
      named: { hostname: 'elsewhere' },
    },
    {
      case: 'in another pid namespace',
      holder: () => ({ pidNamespace: 'pid:[1]', pid: deadPid() }),
      named: {},
    },
    { case: 'with an unreadable record', holder: () => '{"pid": 1', named: null },
    { case: 'without a record (an older version)', holder: () => null, named: null },
  ])('is waited out until stale when it is $case', async ({ holder, named }) => {
    const lock = createRebalanceLock({ stateDir, staleMs: LONG_STALE_MS });
    stageLock(lock.lockPath, holder());
    const busy = await lock.acquire({ wait: false });
    expect(busy).toEqual({ kind: 'busy', holder: named === null ? null : expect.objectContaining(named) });
    // It stopped refreshing the lock long ago: the stale-time rule takes over despite the files inside.
    const longAgo = new Date(Date.now() - 2 * LONG_STALE_MS);
    utimesSync(lock.lockPath, longAgo, longAgo);
    const attempt = await lock.acquire({ wait: false });
    expect(attempt.kind).toBe('acquired');
    expect(await readHolderRecord(lock.lockPath)).toMatchObject({ pid: process.pid });
    if (attempt.kind === 'acquired') await attempt.lock.release();
  });

  it('is never taken over while it runs, however old the lock', async () => {
    const lock = createRebalanceLock({ stateDir, staleMs: LONG_STALE_MS });
    const held = await lock.acquire({ wait: false });
    if (held.kind !== 'acquired') throw new Error('expected the lock');
    const other = await createRebalanceLock({ stateDir, staleMs: LONG_STALE_MS }).acquire({ wait: false });
    expect(other).toMatchObject({ kind: 'busy', holder: { pid: process.pid } });
    expect(held.lock.compromised).toBe(false);
    await held.lock.release();
  });

  it('goes to exactly one of many takers racing over one dead holder', async () => {
    const lockPath = join(stateDir, 'rebalance.lock');
    const deadHolder = deadPid();
    stageLock(lockPath, { pid: deadHolder });
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () =>
        createRebalanceLock({ stateDir, staleMs: LONG_STALE_MS }).acquire({ wait: false }),
      ),
    );
    const winners = attempts.filter((attempt) => attempt.kind === 'acquired');
    expect(winners).toHaveLength(1);
    for (const attempt of attempts) {
      // A loser sees the winner, or no holder yet while the winner is still writing its record.
      if (attempt.kind === 'busy') expect(attempt.holder?.pid ?? process.pid).toBe(process.pid);
    }
    expect(await readHolderRecord(lockPath)).toMatchObject({ pid: process.pid });
    for (const winner of winners) if (winner.kind === 'acquired') await winner.lock.release();
    expect(existsSync(lockPath)).toBe(false);
  });

  it('is never moved aside by a taker that saw the dead lock it replaced', async () => {
    const lockPath = join(stateDir, 'rebalance.lock');
    stageLock(lockPath, { pid: deadPid() });
    let paused = (): void => {};
    let resume = (): void => {};
    const atStep = new Promise<void>((resolve) => {
      paused = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      resume = resolve;
    });
    const slow = createRebalanceLock({
      stateDir,
      staleMs: LONG_STALE_MS,
      onStep: async (name) => {
        if (name !== LOCK_MOVE_ASIDE_STEP) return;
        paused();
        await gate;
      },
    });
    // The slow taker judged the holder dead and stops right before moving the lock aside...
    const slowAttempt = slow.acquire({ wait: false });
    await atStep;
    // ...while another one moves the dead lock aside and takes the lock.
    const fast = await createRebalanceLock({ stateDir, staleMs: LONG_STALE_MS }).acquire({ wait: false });
    if (fast.kind !== 'acquired') throw new Error('expected the lock');
    const fastRecord = await readHolderRecord(lockPath);
    resume();
    expect(await slowAttempt).toMatchObject({ kind: 'busy', holder: { pid: process.pid } });
    expect((await readHolderRecord(lockPath))?.token).toBe(fastRecord?.token);
    expect(() => fast.lock.assertHeld()).not.toThrow();
    await fast.lock.release();
  });
});
