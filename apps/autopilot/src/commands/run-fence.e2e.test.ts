import { spawn } from 'node:child_process';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { createStateStore } from '@dalio-lite/state';
import { afterEach, describe, expect, it } from 'vitest';
import { dalioArgs, waitUntilStopped } from '../../test/child-processes.ts';
import { DRIFTED, type E2eScenario, MONDAY_10AM, startScenario } from '../../test/e2e-scenario.ts';

// Engine review defect 5: the rebalance lock must fence a process that was paused past the stale time.
let scenario: E2eScenario | null = null;
afterEach(async () => {
  await scenario?.stop();
  scenario = null;
});

describe('dalio run paused past the lock stale time (SIGSTOP), while another run trades the day', () => {
  it('row 15: resumes (SIGCONT) to find the day taken: it changes nothing, and the ledger holds one set of orders', async () => {
    scenario = await startScenario({ at: MONDAY_10AM });
    await scenario.seed(DRIFTED);
    const paused = spawn(process.execPath, dalioArgs(['run', '--json']), {
      env: { ...scenario.env, DALIO_PAUSE_AT: 'before-intent-write' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pausedOut = '';
    paused.stdout.on('data', (chunk: Buffer) => (pausedOut += chunk.toString()));
    const pausedExit = new Promise<number | null>((resolve) => paused.once('exit', (code) => resolve(code)));
    const pid = paused.pid ?? 0;
    await waitUntilStopped(pid);

    // The paused holder cannot refresh its lock: age it past the stale time instead of waiting for it.
    const lockPath = join(scenario.stateDir, 'rebalance.lock');
    const past = new Date(Date.now() - 60_000);
    await utimes(lockPath, past, past);
    const second = await scenario.dalio(['run', '--json']);
    expect(JSON.parse(second.stdout)).toMatchObject({ outcome: 'committed' });
    const store = createStateStore({ stateDir: scenario.stateDir });
    const committed = (await store.load())?.payload.days['2025-03-03'];
    const ordersAfterSecond = await scenario.ownOrders();

    process.kill(pid, 'SIGCONT');
    expect(await pausedExit).not.toBe(0);
    expect((await store.load())?.payload.days['2025-03-03']).toEqual(committed);
    expect(JSON.parse(pausedOut)).toMatchObject({ reason: expect.stringMatching(/another process/i) });
    const orders = await scenario.ownOrders();
    expect(orders).toEqual(ordersAfterSecond);
    const ids = orders.map((order) => order.clientOrderId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
