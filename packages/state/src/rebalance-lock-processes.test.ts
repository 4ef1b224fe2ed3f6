import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnScript, waitForExit, waitForOutput } from '../test/child-process.ts';
import { HOLDER_FILE, readHolderRecord } from './lock-holder.ts';
import { createRebalanceLock, type LockAttempt } from './rebalance-lock.ts';

// Every process in one test uses the same stale time (mixing values can let two holders coexist).
const STALE_MS = 2_000;
// Far beyond any test: a lock these tests get without waiting was taken over, not found stale.
const LONG_STALE_MS = 600_000;

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

  it('is taken over at once from a holder killed with SIGKILL, and named while it lives', async () => {
    const before = Date.now();
    const holder = spawnScript('lock-child.ts', [stateDir, String(LONG_STALE_MS), 'hold']);
    const exited = waitForExit(holder);
    await waitForOutput(holder, 'locked');
    const lock = createRebalanceLock({ stateDir, staleMs: LONG_STALE_MS });
    const busy = await lock.acquire({ wait: false });
    expect(busy).toEqual({
      kind: 'busy',
      holder: { pid: holder.pid, hostname: hostname(), acquiredAt: expect.any(String) },
    });
    const since = busy.kind === 'busy' ? Date.parse(busy.holder?.acquiredAt ?? '') : Number.NaN;
    expect(since).toBeGreaterThanOrEqual(before);
    expect(since).toBeLessThanOrEqual(Date.now());

    holder.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    expect(existsSync(lock.lockPath)).toBe(true);
    // No waiting, and the lock is far from stale: only the dead-holder takeover can give it to us.
    const takeover = await lock.acquire({ wait: false });
    expect(takeover.kind).toBe('acquired');
    if (takeover.kind === 'acquired') {
      takeover.lock.assertHeld();
      expect(await readHolderRecord(lock.lockPath)).toMatchObject({ pid: process.pid });
      await takeover.lock.release();
    }
  });

  it('waits for the stale time when the killed holder was on another host, not before', async () => {
    const holder = spawnScript('lock-child.ts', [stateDir, String(STALE_MS), 'hold']);
    const exited = waitForExit(holder);
    await waitForOutput(holder, 'locked');
    holder.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    const lock = createRebalanceLock({ stateDir, staleMs: STALE_MS });
    // As if the state directory were shared with another machine: its pids mean nothing here.
    const holderPath = join(lock.lockPath, HOLDER_FILE);
    const record = JSON.parse(readFileSync(holderPath, 'utf8'));
    writeFileSync(`${holderPath}.new`, JSON.stringify({ ...record, hostname: 'elsewhere' }));
    renameSync(`${holderPath}.new`, holderPath);

    expect(await lock.acquire({ wait: false })).toEqual({
      kind: 'busy',
      holder: { pid: holder.pid, hostname: 'elsewhere', acquiredAt: record.acquiredAt },
    });
    const takeover = await lock.acquire();
    expect(takeover.kind).toBe('acquired');
    if (takeover.kind === 'acquired') {
      takeover.lock.assertHeld();
      await takeover.lock.release();
    }
  });

  it('goes to exactly one of several processes racing to take over one dead holder', async () => {
    const dead = spawnScript('lock-child.ts', [stateDir, String(LONG_STALE_MS), 'hold']);
    const deadExit = waitForExit(dead);
    await waitForOutput(dead, 'locked');
    dead.kill('SIGKILL');
    await deadExit;

    const racers = Array.from({ length: 4 }, () => spawnRacer(stateDir, LONG_STALE_MS));
    const exits = racers.map((racer) => waitForExit(racer));
    await Promise.all(racers.map((racer) => waitForOutput(racer, 'ready')));
    for (const racer of racers) racer.stdin?.write('go\n');
    // Every racer answers while all still run, so a second holder could not hide behind a release.
    await Promise.all(racers.map((racer) => waitForOutput(racer, '"kind"')));
    const onDisk = await readHolderRecord(join(stateDir, 'rebalance.lock'));
    for (const racer of racers) racer.stdin?.end();
    const answers = (await Promise.all(exits)).map((result) => {
      expect(result.code).toBe(0);
      const [ready, answer] = result.stdout.trim().split('\n');
      expect(ready).toBe('ready');
      const parsed: RacerAnswer = JSON.parse(answer ?? '');
      return parsed;
    });

    const winners = answers.filter((answer) => answer.kind === 'acquired');
    expect(winners).toHaveLength(1);
    const winnerPid = winners[0]?.pid;
    expect(onDisk?.pid).toBe(winnerPid);
    for (const answer of answers) {
      // A loser names the winner, or nobody while the winner was still writing its record.
      if (answer.kind === 'busy') expect(answer.holder?.pid ?? winnerPid).toBe(winnerPid);
    }
    // The winner exited normally: its exit handler removed the lock, holder record and all.
    expect(existsSync(join(stateDir, 'rebalance.lock'))).toBe(false);
  });

  it('is released at once when the holder gets SIGTERM', async () => {
    const holder = spawnScript('lock-child.ts', [stateDir, String(STALE_MS), 'hold']);
    const exited = waitForExit(holder);
    await waitForOutput(holder, 'locked');
    const lock = createRebalanceLock({ stateDir, staleMs: STALE_MS });
    expect(await lock.acquire({ wait: false })).toMatchObject({ kind: 'busy', holder: { pid: holder.pid } });
    holder.kill('SIGTERM');
    expect((await exited).signal).toBe('SIGTERM');
    expect(existsSync(lock.lockPath)).toBe(false);
    const attempt = await lock.acquire({ wait: false });
    expect(attempt.kind).toBe('acquired');
    if (attempt.kind === 'acquired') await attempt.lock.release();
  });
});

type RacerAnswer = { kind: 'acquired'; pid: number } | Extract<LockAttempt, { kind: 'busy' }>;

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const lockModule = fileURLToPath(new URL('./rebalance-lock.ts', import.meta.url));
// Prints "ready", waits for a line, tries the lock once without waiting, prints the answer as JSON and keeps
// whatever it got until its stdin ends; a normal exit releases a held lock.
const RACER = `
  import { createInterface } from 'node:readline';
  const { createRebalanceLock } = await import(process.env.LOCK_MODULE);
  const lock = createRebalanceLock({ stateDir: process.env.LOCK_STATE_DIR, staleMs: Number(process.env.LOCK_STALE_MS) });
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  process.stdout.write('ready\\n');
  await lines.next();
  const attempt = await lock.acquire({ wait: false });
  const answer = attempt.kind === 'acquired' ? { kind: 'acquired', pid: process.pid } : attempt;
  process.stdout.write(JSON.stringify(answer) + '\\n');
  await lines.next();
`;

/** Start a racer for the lock of `stateDir` (inline, so the start barrier stays next to the test using it). */
function spawnRacer(stateDir: string, staleMs: number): ChildProcess {
  return spawn(
    process.execPath,
    ['--conditions=@dalio-lite/source', '--import', 'tsx', '--input-type=module', '-e', RACER],
    {
      cwd: packageDir,
      env: {
        ...process.env,
        LOCK_MODULE: lockModule,
        LOCK_STATE_DIR: stateDir,
        LOCK_STALE_MS: String(staleMs),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
}
