import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { dalioArgs, runDalioChild } from '../../test/child-processes.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  // A test that failed before its SIGINT must not leave the demo running.
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('dalio demo', () => {
  it('starts, reports every trading day in time-lapse, stops on SIGINT, and leaves state that `dalio status` reads', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'dalio-demo-test-')), 'demo');
    const env = { PATH: process.env.PATH, HOME: dir };
    const demo = spawn(process.execPath, dalioArgs(['demo', '--dir', dir, '--speed', '40000']), {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(demo);
    const lines: string[] = [];
    createInterface({ input: demo.stdout }).on('line', (line) => lines.push(line));
    const exit = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
    // Shorter than the test's own timeout, so a miss fails on the lines below.
    const deadline = Date.now() + 20_000;
    // The first cycle invests the cash; wait for two more trading days to pass.
    while (lines.filter((line) => /^\d{4}-\d{2}-\d{2}: /.test(line)).length < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(lines[1]).toMatch(/^ {2}simulator {2}http:\/\/127\.0\.0\.1:\d+ /);
    // One line for each trading day, none skipped: 2019-01-02, 03 and 04 are the first three sessions of the year.
    const days = lines.filter((line) => /^\d{4}-\d{2}-\d{2}: /.test(line));
    expect(days.slice(0, 3).map((line) => line.slice(0, 10))).toEqual([
      '2019-01-02',
      '2019-01-03',
      '2019-01-04',
    ]);
    expect(days[0]).toMatch(/^2019-01-02: COMMITTED — /);
    expect(days.filter((line) => line.includes(': MISSED — '))).toEqual([]);
    demo.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(lines.at(-1)).toMatch(/^Stopped\. Paper equity \$\d+\.\d{2}; state in /);

    const status = await runDalioChild(['status', '--json'], { ...env, DALIO_STATE_DIR: join(dir, 'state') });
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout);
    expect(parsed.lastRebalance.day).toBe('2019-01-02');
    expect(parsed.days).toEqual([
      expect.objectContaining({ day: '2019-01-02', status: 'committed', orders: 4 }),
    ]);
    expect(parsed.recentCycles.length).toBeGreaterThanOrEqual(3);
  });
});
