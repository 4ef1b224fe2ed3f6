import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStateStore } from '@dalio-lite/state';
import { afterEach, describe, expect, it } from 'vitest';
import { dalioArgs, waitUntilStopped } from '../../test/child-processes.ts';
import { DRIFTED, type E2eScenario, MONDAY_10AM, startScenario } from '../../test/e2e-scenario.ts';

// Rows of faults.md §5.3 that need real processes (rows 11, 13 and 15 are in run-crash, run-lock and run-fence).
let scenario: E2eScenario | null = null;
afterEach(async () => {
  await scenario?.stop();
  scenario = null;
});

/** Start `dalio run` stopped (SIGSTOP) at `step`; resolves with the child once it has stopped there. */
async function stoppedRun(s: E2eScenario, step: string) {
  const child = spawn(process.execPath, dalioArgs(['run', '--json']), {
    env: { ...s.env, DALIO_PAUSE_AT: step },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await waitUntilStopped(child.pid ?? 0);
  return { child, exited, stdout: () => stdout };
}

/** I1 and I2 at the broker: each client order id once, one attempt, the Monday record committed once. */
async function expectOneSetOfOrders(s: E2eScenario): Promise<void> {
  const ids = (await s.ownOrders()).map((order) => order.clientOrderId);
  expect(ids.length).toBeGreaterThan(0);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.every((id) => id.startsWith('dl-20250303-a0-'))).toBe(true);
  const record = (await createStateStore({ stateDir: s.stateDir }).load())?.payload.days['2025-03-03'];
  expect(record?.status).toBe('committed');
  expect(record?.plannedOrders.map((order) => order.clientOrderId).sort()).toEqual([...ids].sort());
}

describe('fault matrix with real processes', () => {
  it('row 12: SIGTERM mid-run releases the lock at once, leaves a valid state, and the next run finishes the day', async () => {
    scenario = await startScenario({ at: MONDAY_10AM });
    await scenario.seed(DRIFTED);
    const run = await stoppedRun(scenario, 'after-answer-recorded');
    run.child.kill('SIGTERM');
    run.child.kill('SIGCONT');
    expect((await run.exited).signal).toBe('SIGTERM');
    expect(existsSync(join(scenario.stateDir, 'rebalance.lock'))).toBe(false);
    const state = await createStateStore({ stateDir: scenario.stateDir }).load();
    expect(state?.payload.days['2025-03-03']?.status).toBe('intent');
    const next = await scenario.dalio(['run', '--json']);
    expect(JSON.parse(next.stdout)).toMatchObject({ outcome: 'committed' });
    await expectOneSetOfOrders(scenario);
  });

  it('row 14: 20 concurrent `dalio run` and a holder stopped past the stale time place one set of orders', {
    timeout: 300_000,
  }, async () => {
    scenario = await startScenario({ at: MONDAY_10AM });
    await scenario.seed(DRIFTED);
    // The first run holds the lock and freezes (SIGSTOP) before its intent; its lock ages past the stale time.
    const holder = await stoppedRun(scenario, 'before-intent-write');
    const past = new Date(Date.now() - 60_000);
    await utimes(join(scenario.stateDir, 'rebalance.lock'), past, past);
    const runs = await Promise.all(Array.from({ length: 20 }, () => scenario?.dalio(['run', '--json'])));
    const reports = runs.map((run) => JSON.parse(run?.stdout ?? '{}') as { outcome?: string; code?: string });
    expect(reports.filter((report) => report.outcome === 'committed')).toHaveLength(1);
    // The others were turned away by the lock or found the day done. With the scenarios' 2 s stale time, a run
    // starved of CPU among 20 can lose its lock to another (row 15): it stops before its next order (stopped), or
    // finds the day taken over (superseded). Either way the broker holds one set of orders (checked below).
    const others = reports.filter(
      (r) =>
        r.outcome !== 'committed' &&
        !['busy', 'hold'].includes(r.outcome ?? '') &&
        !['stopped', 'superseded'].includes(r.code ?? ''),
    );
    expect(others).toEqual([]);
    holder.child.kill('SIGCONT');
    expect((await holder.exited).code).not.toBe(0);
    expect(JSON.parse(holder.stdout())).toMatchObject({ reason: expect.stringMatching(/another process/i) });
    await expectOneSetOfOrders(scenario);
  });
});

// A 64 KiB tmpfs needs root (CI runs as root); elsewhere the simulated disk covers ENOSPC (packages/simulation,
// fault-matrix.test.ts, "row 17").
const isRoot = process.getuid?.() === 0;
describe.runIf(isRoot)('fault matrix on a real full disk', () => {
  let mountPoint: string | null = null;
  afterEach(async () => {
    if (mountPoint) execFileSync('umount', [mountPoint]);
    mountPoint = null;
  });

  it('row 17: on a full 64 KiB tmpfs the run fails before any order, the old state intact and no temp file left; freed, it trades', {
    timeout: 120_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
    mountPoint = dir;
    scenario = await startScenario({ at: MONDAY_10AM, configYaml: 'policy:\n  minDaysBetween: 0\n' });
    const stateDir = join(dir, 'state');
    await mkdir(stateDir, { mode: 0o700 });
    const env = { ...scenario.env, DALIO_STATE_DIR: stateDir };
    // Monday trades normally; the owner then buys VTI, so Tuesday has a rebalance to do.
    await scenario.seed(DRIFTED);
    expect(JSON.parse((await scenario.dalio(['run', '--json'], env)).stdout)).toMatchObject({
      outcome: 'committed',
    });
    const monday = await createStateStore({ stateDir }).load();
    await scenario.setClock('2025-03-04T10:00:00-05:00');
    await scenario.seed({ VTI: 40_000 });
    // Fill the disk to the last byte.
    const filler = join(dir, 'filler');
    let size = 64 * 1024;
    while (size >= 1) {
      try {
        await writeFile(`${filler}-${size}`, Buffer.alloc(size));
      } catch {
        size = Math.floor(size / 2);
      }
    }
    const full = await scenario.dalio(['run', '--json'], env);
    expect(full.code).not.toBe(0);
    expect(`${full.stdout}${full.stderr}`).toMatch(/ENOSPC|no space/i);
    expect(
      (await scenario.ownOrders()).filter((order) => order.clientOrderId.includes('-20250304-')),
    ).toEqual([]);
    expect((await createStateStore({ stateDir }).load())?.seq).toBe(monday?.seq);
    expect((await readdir(stateDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    for (const name of await readdir(dir)) if (name.startsWith('filler')) await rm(join(dir, name));
    expect(JSON.parse((await scenario.dalio(['run', '--json'], env)).stdout)).toMatchObject({
      outcome: 'committed',
    });
  });
});
