import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { tradingDaysBetween } from '@dalio-lite/core';
import { afterEach, describe, expect, it } from 'vitest';
import { dalioArgs, runDalioChild } from '../../test/child-processes.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  // A test that failed before the demo ended must not leave it running.
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

const DAY_LINE = /^\[simulator\] (\d{4}-\d{2}-\d{2}): ([A-Z]+) — /;

/** Start `dalio demo` in a fresh directory, collecting its lines; `exit` resolves with its exit code. */
async function startDemo(args: readonly string[]) {
  const dir = join(await mkdtemp(join(tmpdir(), 'dalio-demo-test-')), 'demo');
  const env = { PATH: process.env.PATH, HOME: dir };
  const demo = spawn(process.execPath, dalioArgs(['demo', '--dir', dir, ...args]), {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(demo);
  const lines: string[] = [];
  createInterface({ input: demo.stdout }).on('line', (line) => lines.push(line));
  let stderr = '';
  demo.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
  const days = () => lines.flatMap((line) => DAY_LINE.exec(line)?.slice(1, 3) ?? []);
  return { demo, dir, env, lines, exit, days, stderr: () => stderr };
}

describe('dalio demo', () => {
  it('buys in, compresses a month of holds, trades the March 2020 crash, and stops with a summary', async () => {
    const run = await startDemo(['--speed', '40000', '--days', '26']);
    expect(await run.exit).toBe(0);
    const dayLines = run.lines.filter((line) => DAY_LINE.test(line));
    const days = dayLines.map((line) => DAY_LINE.exec(line)?.[1]);
    // One line for every trading day of the broker's calendar, none skipped or repeated.
    expect(days).toEqual(tradingDaysBetween('2020-02-03', '2020-03-10'));
    const outcomes = dayLines.map((line) => DAY_LINE.exec(line)?.[2]);
    expect(outcomes[0]).toBe('COMMITTED');
    expect(outcomes.at(-1)).toBe('COMMITTED');
    expect(outcomes.slice(1, -1).every((outcome) => outcome === 'HOLD')).toBe(true);
    expect(dayLines.at(-1)).toMatch(/^\[simulator\] 2020-03-10: COMMITTED — Drift outside band: VTI −/);
    expect(run.lines).toContain(
      'Summary, 2020-02-03 → 2020-03-10: 26 trading days, 2 rebalances, 0 duplicate orders',
    );
    expect(run.lines.find((line) => line.startsWith('  SPY'))).toMatch(
      /^ {2}SPY +\$[\d,]+\.\d{2} {2}\(−\d+\.\d %\)$/,
    );
    expect(run.stderr()).toBe('');
    // Under a minute of wall time: the demo simulator's request budget paces the 26 days.
  }, 180_000);

  it('stops on Ctrl-C with the summary, and leaves state that `dalio status` reads', async () => {
    const run = await startDemo(['--speed', '40000']);
    const deadline = Date.now() + 30_000;
    while (run.days().length < 4 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(run.lines[1]).toMatch(/^ {2}simulator {2}http:\/\/127\.0\.0\.1:\d+ /);
    expect(run.days().slice(0, 2)).toEqual(['2020-02-03', 'COMMITTED']);
    run.demo.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(run.lines.find((line) => line.startsWith('Summary, 2020-02-03 → '))).toMatch(
      /rebalances, 0 duplicate orders$/,
    );
    expect(run.lines.at(-1)).toMatch(
      /^Stopped\. The state stays in .*; read it with: DALIO_STATE_DIR=.* \.\/dalio status$/,
    );

    const status = await runDalioChild(['status', '--json'], {
      ...run.env,
      DALIO_STATE_DIR: join(run.dir, 'state'),
    });
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout);
    expect(parsed.lastRebalance.day).toBe('2020-02-03');
    expect(parsed.recentCycles.length).toBeGreaterThanOrEqual(2);
  });
});
