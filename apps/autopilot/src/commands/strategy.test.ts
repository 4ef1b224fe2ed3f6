import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDalioChild } from '../../test/child-processes.ts';
import { runDalio } from '../../test/run-cli.ts';

const RANGE = ['--from', '2012-01-01', '--to', '2016-12-31'];
/** Every figure the strategy page shows, as `dalio backtest --json` prints them. */
const FIGURES = [
  'startDate',
  'endDate',
  'finalValue',
  'cagr',
  'volatility',
  'sharpe',
  'maxDrawdown',
  'maxDrawdownPeakDate',
  'maxDrawdownTroughDate',
  'worstYear',
  'turnover',
  'rebalances',
] as const;

type Figures = Record<(typeof FIGURES)[number], unknown>;
const pick = (json: Record<string, unknown>): Figures =>
  Object.fromEntries(FIGURES.map((field) => [field, json[field]])) as Figures;

async function home(config?: string): Promise<{ env: NodeJS.ProcessEnv; cwd: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'dalio-strategy-'));
  if (config !== undefined) await writeFile(join(dir, 'dalio.yaml'), config);
  return { env: { HOME: dir }, cwd: dir };
}

describe('dalio strategy compare', () => {
  it('shows the figures `dalio backtest --json` gives for the same allocation and dates', async () => {
    const where = await home();
    const run = await runDalio(['strategy', 'compare', ...RANGE, '--json'], where);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const compared = JSON.parse(run.stdout);
    expect(compared.strategies.map((s: { id: string }) => s.id)).toEqual([
      'dalio-lite',
      'all-weather',
      'sixty-forty',
      'permanent',
    ]);
    for (const strategy of compared.strategies) {
      const backtest = await runDalio(
        ['backtest', '--preset', strategy.id, ...RANGE, '--benchmarks', 'none', '--json'],
        where,
      );
      expect(pick(strategy)).toEqual(pick(JSON.parse(backtest.stdout)));
    }
    // And once through a real `dalio` process, as a user would run it.
    const child = await runDalioChild(
      ['backtest', '--preset', 'dalio-lite', ...RANGE, '--benchmarks', 'none', '--json'],
      { PATH: process.env.PATH, HOME: where.cwd },
    );
    expect(child.code).toBe(0);
    expect(pick(compared.strategies[0])).toEqual(pick(JSON.parse(child.stdout)));
    // A child process compiles the CLI from source first: slow on a busy machine, never a measure of speed.
  }, 120_000);

  it('compares a custom allocation under the user’s own policy, marked as current', async () => {
    const where = await home(
      'broker:\n  kind: simulator\nallocation:\n  targets: { VTI: 70, GLD: 30 }\npolicy:\n  absoluteBandPct: 10\n  relativeBandPct: off\n  minDaysBetween: 60\n',
    );
    const compared = JSON.parse((await runDalio(['strategy', 'compare', ...RANGE, '--json'], where)).stdout);
    const [current] = compared.strategies;
    expect(current).toMatchObject({ id: 'current', current: true, targets: { VTI: 0.7, GLD: 0.3 } });
    expect(compared.policy).toEqual({
      absoluteBand: 0.1,
      relativeBand: null,
      calendar: null,
      minDaysBetween: 60,
    });
    const backtest = await runDalio(
      [
        'backtest',
        '--targets',
        'VTI=70,GLD=30',
        '--band',
        '10',
        '--rel-band',
        'none',
        '--min-days',
        '60',
        ...RANGE,
        '--benchmarks',
        'none',
        '--json',
      ],
      where,
    );
    expect(pick(current)).toEqual(pick(JSON.parse(backtest.stdout)));
    expect(compared.strategies.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
  });

  it('answers a repeat from the cache in the state directory, and prints a readable table', async () => {
    const where = await home();
    const first = JSON.parse((await runDalio(['strategy', 'compare', '--json'], where)).stdout);
    expect(first.cached).toBe(false);
    expect(first.from).toBe('2007-01-11');
    const again = JSON.parse((await runDalio(['strategy', 'compare', '--json', '--curves'], where)).stdout);
    expect(again.cached).toBe(true);
    expect(again.strategies[0].equityUsd).toHaveLength(again.tradingDays);
    expect(again.dates).toHaveLength(again.tradingDays);
    const text = (await runDalio(['strategy', 'compare'], where)).stdout;
    expect(text).toMatch(/^dalio-lite \*\s+\d+\s+\d+\.\d %/m);
    expect(text).toContain('permanent: VTI 25 %, TLT 25 %, GLD 25 %, IEI 25 %');
  });

  it('refuses reversed dates with the fix', async () => {
    const run = await runDalio(
      ['strategy', 'compare', '--from', '2020-01-01', '--to', '2019-01-01'],
      await home(),
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('the dates are reversed');
  });
});
