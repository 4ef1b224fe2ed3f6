import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
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
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = async (pattern: RegExp, timeoutMs = 60_000) => {
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
afterEach(async () => {
  await sim?.stop();
  sim = null;
});

describe('dalio daemon', () => {
  it('trades each trading day by the broker clock (time-lapse), and SIGTERM stops it cleanly with the lock released', async () => {
    // 1 800× speed: the daemon sees 09:00 → 10:00 New York in two real seconds, then trades.
    sim = await startSimChild({ start: '2025-03-03T09:00:00-05:00', speed: 1_800 });
    const stateDir = await mkdtemp(join(tmpdir(), 'dalio-daemon-'));
    const env = autopilotEnv(sim, stateDir);
    const daemon = spawnDalio(['daemon', '--poll-ms', '200'], env);
    const [line] = await daemon.waitFor(/"msg":"Drift outside band/);
    expect(JSON.parse(line ?? '{}')).toMatchObject({ outcome: 'committed', day: '2025-03-03' });
    daemon.child.kill('SIGTERM');
    expect(await daemon.exit).toEqual({ code: 0, signal: null });
    expect(daemon.lines.some((l) => l.includes('"msg":"daemon stopped"'))).toBe(true);
    const state = await createStateStore({ stateDir }).load();
    expect(state?.payload.days['2025-03-03']?.status).toBe('committed');
    // The lock went with the daemon: a run right away is not told "busy".
    const run = await runDalioChild(['run', '--json'], env);
    expect(JSON.parse(run.stdout).code).not.toBe('lock-busy');
  });

  it('backs off while the broker is unreachable, never a busy loop, and still stops on SIGTERM', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'dalio-daemon-'));
    const env = {
      PATH: process.env.PATH,
      HOME: stateDir,
      APCA_API_KEY_ID: 'k',
      APCA_API_SECRET_KEY: 's',
      DALIO_ALPACA_BASE_URL: 'http://127.0.0.1:9', // discard port: nothing listens
      DALIO_STATE_DIR: stateDir,
    };
    const daemon = spawnDalio(['daemon', '--poll-ms', '100'], env);
    const outages = await daemon.waitFor(/"msg":"broker unreachable"/, 30_000).then(async () => {
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      return daemon.lines
        .filter((l) => l.includes('"msg":"broker unreachable"'))
        .map((l) => JSON.parse(l).retryInMs as number);
    });
    // Each failed look doubles the wait: 100, 200, 400, 800 ms ... so a few seconds hold only a handful of tries.
    expect(outages.slice(0, 3)).toEqual([100, 200, 400]);
    expect(outages.length).toBeLessThan(8);
    daemon.child.kill('SIGTERM');
    expect((await daemon.exit).code).toBe(0);
  });
});
