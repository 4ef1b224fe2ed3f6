import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDalio } from '../../test/run-cli.ts';

describe('dalio walk-forward', () => {
  it('--json reports per-window choices, non-overlapping out-of-sample windows and a verdict', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-wf-'));
    const run = await runDalio(
      [
        'walk-forward',
        '--grid-band',
        '5,10',
        '--grid-rel-band',
        'none',
        '--grid-calendar',
        'none,yearly',
        '--grid-min-days',
        '30',
        '--in-sample-days',
        '504',
        '--out-of-sample-days',
        '504',
        '--workers',
        '1',
        '--report',
        'wf.svg',
        '--json',
      ],
      { cwd: dir },
    );
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.gridSize).toBe(4);
    expect(json.windows.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < json.windows.length; i++) {
      expect(json.windows[i - 1].outOfSample.endDate < json.windows[i].outOfSample.startDate).toBe(true);
    }
    expect(json.startDate).toBe(json.windows[0].outOfSample.startDate);
    expect(json.stability.verdict).toMatch(/^(NOT )?STABLE: /);
    expect(json.stability.maxSharpeRatio).toBe(3);
    expect(typeof json.benchmarks['60/40'].sharpe).toBe('number');
    expect(await readFile(join(dir, 'wf.svg'), 'utf8')).toMatch(/^<svg /);
  });

  it('rejects windows longer than the data', async () => {
    const run = await runDalio(['walk-forward', '--in-sample-days', '5000', '--benchmarks', 'none']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/walk-forward needs at least 2 windows of 5000 \+ 252 days/);
  });

  it.each([
    [['--grid-band', '0,150'], '--grid-band: "150" is not a number of points between 0 and 100, or none'],
    [['--grid-rel-band', '25,-5'], '--grid-rel-band: "-5" is not a percentage of the target ≥ 0, or none'],
    [['--in-sample-days', '300.5'], '--in-sample-days: "300.5" is not a whole number of trading days ≥ 20'],
    [['--workers', '0'], '--workers: "0" is not a whole number ≥ 1'],
  ])('rejects %j in the unit and range of the flag', async (flags, message) => {
    const run = await runDalio(['walk-forward', ...flags, '--benchmarks', 'none']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(`dalio: ${message}\n`);
  });

  it('rejects an unknown objective', async () => {
    const run = await runDalio(['walk-forward', '--objective', 'luck']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/--objective: "luck" is not an objective/);
  });
});
