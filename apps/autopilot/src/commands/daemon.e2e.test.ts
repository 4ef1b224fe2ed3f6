import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createStateStore } from '@dalio-lite/state';
import { afterEach, describe, expect, it } from 'vitest';
import {
  autopilotEnv,
  dalioArgs,
  runDalioChild,
  type SimChild,
  startSimChild,
} from '../../test/child-processes.ts';

/** Spawn a long-running `dalio` child, collecting its output lines; `exit` resolves when it ends. */
function spawnDalio(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, dalioArgs(args), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // Shorter than the test's own timeout, so a miss fails with the child's output.
  const waitFor = async (pattern: RegExp, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const matches = lines.filter((candidate) => pattern.test(candidate));
      if (matches.length > 0) return matches;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no line matched ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}`);
  };
  return { child, lines, exit, waitFor };
}

let sim: SimChild | null = null;
const children: ChildProcess[] = [];
afterEach(async () => {
  // A test that failed before its SIGTERM must not leave its daemon running.
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await sim?.stop();
  sim = null;
});

/** Send SIGTERM and wait for the exit; `exitMs` is how long the child took to go. */
async function terminate(daemon: ReturnType<typeof spawnDalio>) {
  const sentAt = Date.now();
  daemon.child.kill('SIGTERM');
  const exit = await daemon.exit;
  return { ...exit, exitMs: Date.now() - sentAt };
}

describe('dalio daemon', () => {
  it('waits for timeEt by the broker clock (time-lapse), trades, and SIGTERM stops it promptly with the lock released', async () => {
    // 1 800× speed: 08:00 → 10:00 New York takes four real seconds; the daemon starts in one or two.
    sim = await startSimChild({ start: '2025-03-03T08:00:00-05:00', speed: 1_800 });
    const stateDir = await mkdtemp(join(tmpdir(), 'dalio-daemon-'));
    const env = autopilotEnv(sim, stateDir);
    const daemon = spawnDalio(['daemon', '--json'], env);
    const [line] = await daemon.waitFor(/"msg":"Drift outside band/);
    expect(JSON.parse(line ?? '{}')).toMatchObject({ outcome: 'committed', day: '2025-03-03' });
    // --json: the day's report as one line on stdout (log lines are the ones with a "level").
    const [report] = await daemon.waitFor(/^\{(?!"level").*"code":"traded"/);
    expect(JSON.parse(report ?? '{}')).toMatchObject({ outcome: 'committed', day: '2025-03-03' });
    // Not before schedule.timeEt (10:00 New York = 15:00 UTC) by the broker's clock.
    const { orders } = await sim.admin<{ orders: { createdAt: string }[] }>('GET', '/ledger');
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) expect(order.createdAt >= '2025-03-03T15:00:00').toBe(true);

    const stopped = await terminate(daemon);
    expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 0, signal: null });
    expect(stopped.exitMs).toBeLessThan(1_000);
    expect(daemon.lines.some((l) => l.includes('"msg":"daemon stopped"'))).toBe(true);
    const state = await createStateStore({ stateDir }).load();
    expect(state?.payload.days['2025-03-03']?.status).toBe('committed');
    // The lock went with the daemon: a run right away is not told "busy".
    const run = await runDalioChild(['run', '--json'], env);
    expect(JSON.parse(run.stdout).code).not.toBe('lock-busy');
  });

  it('trades towards an allocation set while it runs from the next day on, without a restart', async () => {
    // 3 600× speed: a trading day every 24 real seconds.
    sim = await startSimChild({ start: '2025-03-03T08:00:00-05:00', speed: 3_600 });
    const stateDir = await mkdtemp(join(tmpdir(), 'dalio-daemon-'));
    const config = join(stateDir, 'dalio.yaml');
    await writeFile(config, 'schedule:\n  timeEt: "10:00"\n');
    const env = autopilotEnv(sim, stateDir, { DALIO_CONFIG: config });
    const daemon = spawnDalio(['daemon', '--json'], env);
    await daemon.waitFor(/^\{(?!"level").*"day":"2025-03-03"/);
    const set = await runDalioChild(
      ['allocation', 'set', 'VTI=50', 'TLT=20', 'GLD=20', 'DBC=10', '--yes', '--by', 'e2e'],
      env,
    );
    expect(set.code, set.stderr).toBe(0);
    const [reloaded] = await daemon.waitFor(/"event":"daemon.allocation_reloaded"/, 60_000);
    expect(JSON.parse(reloaded ?? '{}')).toMatchObject({ to: { VTI: 0.5, TLT: 0.2 } });
    const [report] = await daemon.waitFor(/^\{(?!"level").*"day":"2025-03-04"/, 60_000);
    expect(JSON.parse(report ?? '{}')).toMatchObject({ outcome: 'committed', code: 'traded' });
    // Ten points moved from TLT to VTI: the day sells TLT and buys VTI (and trims whatever else drifted).
    const { orders } = await sim.admin<{ orders: { symbol: string; side: string; createdAt: string }[] }>(
      'GET',
      '/ledger',
    );
    const secondDay = orders.filter((order) => order.createdAt >= '2025-03-04');
    const trades = secondDay.map((order) => `${order.side} ${order.symbol}`);
    expect(trades).toEqual(expect.arrayContaining(['sell TLT', 'buy VTI']));
    expect(trades).not.toContain('buy TLT');
    expect(trades).not.toContain('sell VTI');
    expect((await terminate(daemon)).code).toBe(0);
  }, 150_000);

  it('reports an unreachable broker before its first backoff, and SIGTERM stops it during the backoff', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'dalio-daemon-'));
    const env = {
      PATH: process.env.PATH,
      HOME: stateDir,
      APCA_API_KEY_ID: 'k',
      APCA_API_SECRET_KEY: 's',
      DALIO_ALPACA_BASE_URL: 'http://127.0.0.1:9', // discard port: nothing listens
      DALIO_STATE_DIR: stateDir,
    };
    const daemon = spawnDalio(['daemon'], env);
    const [first] = await daemon.waitFor(/"msg":"broker unreachable"/);
    // The first failed look is reported with the first wait still ahead (the backoff sequence is unit-tested),
    // and the adapter's first failed attempt even before its own retries ran out.
    expect(JSON.parse(first ?? '{}')).toMatchObject({ level: 40, retryInMs: 1_000, throttled: false });
    const firstAttempt = daemon.lines.findIndex((l) =>
      /"level":40.*"operation":"get clock","attempt":1/.test(l),
    );
    expect(firstAttempt).toBeGreaterThanOrEqual(0);
    expect(firstAttempt).toBeLessThan(daemon.lines.indexOf(first ?? ''));
    const stopped = await terminate(daemon);
    expect(stopped.code).toBe(0);
    expect(stopped.exitMs).toBeLessThan(1_000);
    expect(daemon.lines.some((l) => l.includes('"msg":"daemon stopped"'))).toBe(true);
  });
});
