import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { dalioArgs, waitUntilStopped } from '../../test/child-processes.ts';
import { DRIFTED, type E2eScenario, MONDAY_10AM, startScenario } from '../../test/e2e-scenario.ts';

// Engine review defect 11: a dead lock holder blocked every run for the stale time and was reported as a
// rebalance "in progress". The default stale time (30 s) is used here: nothing may wait it out.

let scenario: E2eScenario | null = null;
afterEach(async () => {
  await scenario?.stop();
  scenario = null;
});

/** The scenario's environment with the lock's real stale time. */
function defaultStaleEnv(s: E2eScenario): NodeJS.ProcessEnv {
  const { DALIO_LOCK_STALE_MS: _, ...env } = s.env;
  return env;
}

describe('dalio run and the rebalance lock of a process that is gone', () => {
  it('row 13: a run SIGKILLed holding the lock is taken over at once by the next run, which trades', async () => {
    scenario = await startScenario({ at: MONDAY_10AM });
    await scenario.seed(DRIFTED);
    const env = defaultStaleEnv(scenario);
    const killed = await scenario.dalio(['run'], { ...env, DALIO_CRASH_AT: 'after-lock' });
    expect(killed.signal).toBe('SIGKILL');
    const next = await scenario.dalio(['run', '--json'], env);
    expect(JSON.parse(next.stdout)).toMatchObject({ outcome: 'committed', code: 'traded' });
  });

  it('a live holder is named with its process, host and start time; once it is killed, the next run takes over', async () => {
    scenario = await startScenario({ at: MONDAY_10AM });
    await scenario.seed(DRIFTED);
    const env = defaultStaleEnv(scenario);
    const holder = spawn(process.execPath, dalioArgs(['run']), {
      env: { ...env, DALIO_PAUSE_AT: 'after-lock' },
      stdio: 'ignore',
    });
    const pid = holder.pid ?? 0;
    const gone = new Promise((resolve) => holder.once('exit', resolve));
    await waitUntilStopped(pid);
    const busy = await scenario.dalio(['run'], env);
    expect(busy.code).toBe(0);
    expect(busy.stdout).toMatch(
      new RegExp(
        `^\\(no trading day\\): BUSY — A rebalance is in progress in process ${pid} on host ${hostname()} since \\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z; nothing done`,
      ),
    );
    holder.kill('SIGKILL');
    await gone;
    const next = await scenario.dalio(['run', '--json'], env);
    expect(JSON.parse(next.stdout)).toMatchObject({ outcome: 'committed' });
    const ids = (await scenario.ownOrders()).map((order) => order.clientOrderId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
