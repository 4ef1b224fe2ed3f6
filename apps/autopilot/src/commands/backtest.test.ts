import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDalioChild } from '../../test/child-processes.ts';
import { runDalio } from '../../test/run-cli.ts';

/** The text of every match of `pattern`'s first group. */
function all(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[1] ?? '');
}

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
    // Equity and drawdown, each drawn for a wide and for a phone screen.
    expect(all(html, /<svg [^>]*aria-label="([^"]*)"/g)).toEqual([
      'Equity (USD)',
      'Equity (USD)',
      'Drawdown from peak (%)',
      'Drawdown from peak (%)',
    ]);
  });

  it('writes a report a person can read: run as `dalio backtest --report FILE.html` in a child process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-backtest-'));
    const file = join(dir, 'report.html');
    const run = await runDalioChild(
      ['backtest', '--preset', 'all-weather', '--from', '2010-01-01', '--report', file],
      { PATH: process.env.PATH, HOME: dir },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`wrote ${file}`);
    const html = await readFile(file, 'utf8');

    // The statistics: a real table, the portfolio and each benchmark in columns, the same figures as the terminal.
    const table = html.match(/<table class="stats">[\s\S]*?<\/table>/)?.[0] ?? '';
    expect(all(table, /<th scope="col">(.*?)<\/th>/g)).toEqual([
      'portfolio',
      'SPY',
      'AGG',
      '60/40',
      'buy-and-hold',
    ]);
    expect(all(table, /<th scope="row">(.*?)<\/th>/g)).toContain('Max drawdown (%)');
    const finalValues = all(table, /<th scope="row">Final value \(USD\)<\/th>(.*?)<\/tr>/g)[0] ?? '';
    const terminalFinalValues = ['portfolio', 'SPY', 'AGG', '60/40', 'buy-and-hold'].map(
      (label) => run.stdout.match(new RegExp(`^${label}\\s+(\\d+)`, 'm'))?.[1],
    );
    expect(all(finalValues, /<td>(.*?)<\/td>/g).map((cell) => cell.replace(/,/g, ''))).toEqual(
      terminalFinalValues,
    );

    const charts = html.match(/<svg [\s\S]*?<\/svg>/g) ?? [];
    expect(charts).toHaveLength(4);
    for (const chart of charts) {
      const yTicks = all(chart, /<text class="chart-tick"[^>]*text-anchor="end"[^>]*>([^<]*)<\/text>/g);
      const yPositions = all(chart, /<text class="chart-tick"[^>]* y="([\d.]+)" text-anchor="end"/g).map(
        Number,
      );
      // Round money ($100k, $1.2M) or whole drawdown percents (0, −10, −20 %), evenly stepped 1, 2, 2.5 or 5 × 10^k.
      const values = chart.includes('aria-label="Equity (USD)"')
        ? yTicks.map((label) => {
            const [, digits, unit] = label.match(/^\$(\d+(?:\.\d+)?)([kM]?)$/) ?? [];
            expect(digits, `${label} reads as round money`).toBeDefined();
            return Number(digits) * (unit === 'M' ? 1e6 : unit === 'k' ? 1e3 : 1);
          })
        : yTicks.map((label) => {
            expect(label).toMatch(/^(0|−\d+) %$/);
            return -Number(label.replace(/[^\d]/g, ''));
          });
      expect(values.length).toBeGreaterThanOrEqual(3);
      expect(values.length).toBeLessThanOrEqual(9);
      const steps = values.slice(1).map((value, k) => Math.round(Math.abs(value - (values[k] ?? 0))));
      expect(new Set(steps).size).toBe(1);
      const step = steps[0] ?? 0;
      expect([1, 2, 2.5, 5]).toContain(step / 10 ** Math.floor(Math.log10(step)));
      // 12 px labels: the ticks sit further apart than a line of text, so they never overlap.
      for (const [k, y] of yPositions.slice(1).entries())
        expect(Math.abs(y - (yPositions[k] ?? 0))).toBeGreaterThan(16);
      // Dates: whole years at an even step, far enough apart that the labels never touch.
      const years = all(chart, /<text class="chart-tick"[^>]*text-anchor="middle"[^>]*>([^<]*)<\/text>/g).map(
        Number,
      );
      const xPositions = all(chart, /<text class="chart-tick" x="([\d.]+)"[^>]*text-anchor="middle"/g).map(
        Number,
      );
      expect(years.length).toBeGreaterThanOrEqual(3);
      expect(new Set(years.slice(1).map((year, k) => year - (years[k] ?? 0))).size).toBe(1);
      for (const [k, x] of xPositions.slice(1).entries())
        expect(x - (xPositions[k] ?? 0)).toBeGreaterThan(40);
    }

    // Dark mode redefines the colours, and the chart lines draw with them.
    expect(html).toMatch(/@media \(prefers-color-scheme: dark\)\{:root\{[^}]*--series-1:/);
    expect(html).toContain('style="stroke:var(--series-1');
    // Every rebalance is a line that wraps (no <pre> to scroll sideways).
    expect(html).not.toContain('<pre');
    const rebalances = Number(all(table, /<th scope="row">Rebalances<\/th><td>(\d+)<\/td>/g)[0]);
    expect(all(html, /<div class="line">(\d{4}-\d\d-\d\d) {2}/g)).toHaveLength(rebalances + 1);
    // Self-contained: nothing to fetch.
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(
      /https?:|<script|<link|@import|url\(/,
    );
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
