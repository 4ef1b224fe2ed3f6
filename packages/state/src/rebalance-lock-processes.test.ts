import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnScript, waitForExit, waitForOutput } from '../test/child-process.ts';
import { createRebalanceLock } from './rebalance-lock.ts';

// Every process in one test uses the same short stale time (mixing values can let two holders coexist).
const STALE_MS = 2_000;

let stateDir: string;
let logPath: string;
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'dalio-lock-procs-'));
  logPath = join(stateDir, 'holders.log');
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

/** Parse the shared log and fail on any overlap: lines must alternate enter/exit of the same pid, in time order. */
function holdersFromLog(): { pid: string; enteredNs: bigint; exitedNs: bigint }[] {
  const lines = readFileSync(logPath, 'utf8').trim().split('\n');
  const holds: { pid: string; enteredNs: bigint; exitedNs: bigint }[] = [];
  for (let index = 0; index < lines.length; index += 2) {
    const [enterWord, pid, entered] = (lines[index] ?? '').split(' ');
    const [exitWord, exitPid, exited] = (lines[index + 1] ?? '').split(' ');
    expect([enterWord, exitWord, exitPid]).toEqual(['enter', 'exit', pid]);
    holds.push({
      pid: pid as string,
      enteredNs: BigInt(entered as string),
      exitedNs: BigInt(exited as string),
    });
  }
  for (let index = 1; index < holds.length; index += 1) {
    expect((holds[index] as { enteredNs: bigint }).enteredNs).toBeGreaterThan(
      (holds[index - 1] as { exitedNs: bigint }).exitedNs,
    );
  }
  return holds;
}

describe('the rebalance lock across real processes', () => {
  it.each([
    { processes: 2, rounds: 5 },
    { processes: 8, rounds: 3 },
  ])('$processes processes contending never hold it at the same time', async ({ processes, rounds }) => {
    const children = Array.from({ length: processes }, () =>
      spawnScript('lock-child.ts', [stateDir, String(STALE_MS), 'contend', logPath, String(rounds), '20']),
    );
    const exits = children.map((child) => waitForExit(child));
    await Promise.all(children.map((child) => waitForOutput(child, 'ready')));
    for (const child of children) child.stdin?.end('go\n');
    const results = await Promise.all(exits);
    for (const result of results) expect(result).toMatchObject({ code: 0, stdout: 'ready\ndone\n' });
    const holds = holdersFromLog();
    expect(holds).toHaveLength(processes * rounds);
    expect(new Set(holds.map((hold) => hold.pid)).size).toBe(processes);
    // The race was real: some process was waiting (asked, not yet in) while another one held the lock.
    const wants = readFileSync(`${logPath}.want`, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' '));
    const contended = wants.some(([, pid, at], index) => {
      const round = wants.slice(0, index).filter(([, other]) => other === pid).length;
      const own = holds.filter((hold) => hold.pid === pid)[round];
      const askedNs = BigInt(at as string);
      return holds.some(
        (hold) =>
          hold.pid !== pid && own !== undefined && hold.enteredNs < own.enteredNs && askedNs < hold.exitedNs,
      );
    });
    expect(contended).toBe(true);
  });

  it('takes over from a holder killed with SIGKILL once the lock is stale, not before', async () => {
    const holder = spawnScript('lock-child.ts', [stateDir, String(STALE_MS), 'hold']);
    const exited = waitForExit(holder);
    await waitForOutput(holder, 'locked');
    holder.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');

    const lock = createRebalanceLock({ stateDir, staleMs: STALE_MS });
    expect(existsSync(lock.lockPath)).toBe(true);
    expect(await lock.acquire({ wait: false })).toEqual({ kind: 'busy' });
    const takeover = await lock.acquire();
    expect(takeover.kind).toBe('acquired');
    if (takeover.kind === 'acquired') {
      takeover.lock.assertHeld();
      await takeover.lock.release();
    }
  });

  it('is released at once when the holder gets SIGTERM', async () => {
    const holder = spawnScript('lock-child.ts', [stateDir, String(STALE_MS), 'hold']);
    const exited = waitForExit(holder);
    await waitForOutput(holder, 'locked');
    const lock = createRebalanceLock({ stateDir, staleMs: STALE_MS });
    expect(await lock.acquire({ wait: false })).toEqual({ kind: 'busy' });
    holder.kill('SIGTERM');
    expect((await exited).signal).toBe('SIGTERM');
    expect(existsSync(lock.lockPath)).toBe(false);
    const attempt = await lock.acquire({ wait: false });
    expect(attempt.kind).toBe('acquired');
    if (attempt.kind === 'acquired') await attempt.lock.release();
  });
});
