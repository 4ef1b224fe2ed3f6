import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDalio } from '../../test/run-cli.ts';

describe('dalio backtest', () => {
  it('--json reports the statistics, the benchmarks on the same dates and every rebalance', async () => {
    const run = await runDalio([
      'backtest',
      '--preset',
      'dalio-lite',
      '--from',
      '2015-01-01',
      '--to',
      '2019-12-31',
      '--fee-usd',
      '1',
      '--slippage-bps',
      '5',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.startDate).toBe('2015-01-02');
    expect(json.endDate).toBe('2019-12-31');
    for (const field of [
      'finalValue',
      'cagr',
      'volatility',
      'sharpe',
      'maxDrawdown',
      'rebalances',
      'turnover',
      'costs',
    ]) {
      expect(typeof json[field]).toBe('number');
      for (const name of ['SPY', 'AGG', '60/40', 'buy-and-hold'])
        expect(typeof json.benchmarks[name][field]).toBe('number');
    }
    expect(json.benchmarks.SPY.startDate).toBe(json.startDate);
    expect(json.rebalances).toBe(json.rebalanceLog.length - 1);
    expect(json.rebalanceLog[0]).toMatchObject({ date: '2015-01-02', initial: true });
    // 4 initial buys at $1 plus slippage: costs are more than the fees alone.
    expect(json.costs).toBeGreaterThan(json.feesUsd);
    expect(json.feesUsd).toBe(
      json.rebalanceLog.reduce((n: number, r: { fills: unknown[] }) => n + r.fills.length, 0),
    );
  });

  it('honours the policy flags: a tighter band rebalances more often, band 0 (any drift) most', async () => {
    const run = async (band: string) =>
      JSON.parse(
        (await runDalio(['backtest', '--band', band, '--rel-band', 'none', '--min-days', '1', '--json']))
          .stdout,
      );
    const [zero, tight, loose] = [await run('0'), await run('2'), await run('10')];
    expect(tight.rebalances).toBeGreaterThan(loose.rebalances);
    // Band 0 trades on any drift: only the minimum trade and the one-day spacing hold it back.
    expect(zero.rebalances).toBeGreaterThan(tight.rebalances);
    expect(zero.settings.policy.absoluteBand).toBe(0);
    expect(tight.settings.policy).toMatchObject({
      absoluteBand: 0.02,
      relativeBand: null,
      minDaysBetween: 1,
    });
  });

  it('writes the equity curve CSV and an HTML report with both charts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-backtest-'));
    const run = await runDalio(
      [
        'backtest',
        '--targets',
        'SPY=60,AGG=40',
        '--calendar',
        'monthly',
        '--csv',
        'equity.csv',
        '--report',
        'report.html',
      ],
      { cwd: dir },
    );
    expect(run.exitCode).toBe(0);
    const csv = (await readFile(join(dir, 'equity.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('date,equity_usd,drawdown');
    expect(csv[1]).toMatch(/^2003-09-29,\d+\.\d\d,0\.000000$/);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('Drawdown from peak');
  });

  it.each([
    [['--targets', 'VTI=50,NOPE=50'], /no price history for symbol NOPE/],
    [['--preset', 'moon'], /--preset: unknown preset "moon"/],
    [['--band', 'wide'], /--band: "wide" is not a number/],
    [['--calendar', 'weekly'], /--calendar: "weekly" is not a period/],
    [['--from', '2030-01-01'], /no trading days between 2030-01-01 and the end/],
    [['--from', '01/02/2020'], /--from: "01\/02\/2020" is not a date/],
    [['--targets', 'VTI=50,TLT=40'], /weights sum to 90/],
  ])('rejects %j with a one-line error and exit code 2', async (flags, message) => {
    const run = await runDalio(['backtest', ...flags, '--benchmarks', 'none']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [['--band', '150'], '--band: "150" is not a number of points between 0 and 100, or none'],
    [['--band', '-1'], '--band: "-1" is not a number of points between 0 and 100, or none'],
    [['--rel-band', '-25'], '--rel-band: "-25" is not a percentage of the target ≥ 0, or none'],
    [['--reserve-pct', '150'], '--reserve-pct: "150" is not a percentage of equity between 0 and 100'],
    [['--slippage-bps', '2000'], '--slippage-bps: "2000" is not a number of basis points between 0 and 1000'],
    [['--min-days', '-1'], '--min-days: "-1" is not a number of days ≥ 0'],
    [['--cash', '0'], '--cash: "0" is not an amount in USD above 0'],
    [['--risk-free', '200'], '--risk-free: "200" is not a percentage between -100 and 100'],
  ])('rejects %j in the unit and range of the flag, never as a fraction', async (flags, message) => {
    const run = await runDalio(['backtest', ...flags, '--benchmarks', 'none']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(`dalio: ${message}\n`);
  });

  it('states the band units and ranges in --help as its errors do', async () => {
    const help = (await runDalio(['backtest', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(
      '--band <pts> absolute band in percentage points between 0 and 100 (0 = trade on any drift)',
    );
    expect(help).toContain('--reserve-pct <pct> cash kept uninvested, % of equity between 0 and 100');
  });

  it('reports a gap in a user price file with the file and line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-backtest-'));
    const header = 'date,open,high,low,close,adj_close,volume';
    await writeFile(join(dir, 'ABC.csv'), `${header}\n2024-01-02,1,1,1,1,1,1\n2024-01-04,1,1,1,1,1,1\n`);
    const run = await runDalio(['backtest', '--targets', 'ABC=100', '--data', dir, '--benchmarks', 'none']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/ABC\.csv:3: gap: trading day 2024-01-03 is missing/);
  });
});
