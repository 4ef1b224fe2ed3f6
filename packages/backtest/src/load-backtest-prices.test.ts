import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BacktestInputError } from './backtest-input-error.ts';
import { resolveBacktestSettings } from './backtest-settings.ts';
import { loadBacktestPrices } from './load-backtest-prices.ts';
import { createPriceTable } from './price-table.ts';
import { runBacktest } from './run-backtest.ts';

const HEADER = 'date,open,high,low,close,adj_close,volume';
const row = (date: string, adj: number | string) => `${date},${adj},${adj},${adj},${adj},${adj},1000`;

describe('loadBacktestPrices on bad files', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dalio-backtest-'));
    const files: Record<string, string[]> = {
      OK: [row('2024-01-02', 10), row('2024-01-03', 11), row('2024-01-04', 12), row('2024-01-05', 13)],
      GAP: [row('2024-01-02', 10), row('2024-01-03', 11), row('2024-01-05', 13)],
      UNSORTED: [row('2024-01-03', 10), row('2024-01-02', 11)],
      DUPE: [row('2024-01-02', 10), row('2024-01-02', 11)],
      ZERO: [row('2024-01-02', 10), row('2024-01-03', 0)],
      LATE: [row('2024-02-01', 10), row('2024-02-02', 11)],
    };
    for (const [symbol, rows] of Object.entries(files)) {
      await writeFile(join(dir, `${symbol}.csv`), `${[HEADER, ...rows].join('\n')}\n`);
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const cases: [string, string[], RegExp, { from?: string; to?: string }?][] = [
    ['an unknown symbol', ['OK', 'NOPE'], /no price history for symbol NOPE/],
    ['a gap', ['GAP'], /GAP\.csv:4: gap: trading day 2024-01-04 is missing/],
    ['unsorted dates', ['UNSORTED'], /UNSORTED\.csv:3: dates out of order/],
    ['duplicate dates', ['DUPE'], /DUPE\.csv:3: duplicate date 2024-01-02/],
    ['a non-positive price', ['ZERO'], /ZERO\.csv:3: .*must be a positive number/],
    ['symbols with no common dates', ['OK', 'LATE'], /no common dates between .*OK 2024-01-02\.\.2024-01-05/],
    [
      'a range with no trading days',
      ['OK'],
      /no trading days between 2024-01-06 and the end; the prices cover/,
      { from: '2024-01-06' },
    ],
  ];
  for (const [what, symbols, message, range] of cases) {
    it(`rejects ${what} with a one-line error`, async () => {
      const error = await loadBacktestPrices({ dir, symbols, ...range }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BacktestInputError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    });
  }

  it('cuts to the common range and reports it', async () => {
    const loaded = await loadBacktestPrices({ dir, symbols: ['OK'], from: '2024-01-03', to: '2024-01-04' });
    expect(loaded.dates).toEqual(['2024-01-03', '2024-01-04']);
    expect(Array.from(loaded.adjClose.get('OK') ?? [])).toEqual([11, 12]);
    expect(loaded.commonRange).toEqual({ firstDate: '2024-01-02', lastDate: '2024-01-05' });
  });
});

describe('in-memory price tables', () => {
  it.each([
    [{ dates: ['2024-01-03', '2024-01-02'], prices: { A: [1, 2] } }, /dates out of order/],
    [{ dates: ['2024-01-02', '2024-01-02'], prices: { A: [1, 2] } }, /duplicate date 2024-01-02/],
    [
      { dates: ['2024-01-02', '2024-01-03'], prices: { A: [1, -2] } },
      /A on 2024-01-03 is -2, prices must be positive/,
    ],
    [{ dates: ['2024-01-02', '2024-01-03'], prices: { A: [1] } }, /A has 1 prices for 2 dates/],
    [{ dates: ['2024-02-30'], prices: { A: [1] } }, /"2024-02-30" is not a date/],
  ])('rejects %j', (input, message) => {
    expect(() => createPriceTable(input)).toThrow(message);
  });

  it('rejects targets without prices', () => {
    const prices = createPriceTable({ dates: ['2024-01-02'], prices: { A: [1] } });
    const settings = resolveBacktestSettings({ targets: { A: 50, B: 50 } });
    expect(() => runBacktest({ prices, settings })).toThrow(/no aligned prices for B/);
  });
});

describe('sanity against the shipped history', () => {
  it('buy-and-hold SPY matches the adjusted-close total return to 1e-9', async () => {
    const prices = await loadBacktestPrices({ symbols: ['SPY', 'AGG'] });
    const spy = prices.adjClose.get('SPY') as Float64Array;
    const settings = resolveBacktestSettings({
      targets: { SPY: 100 },
      plan: { minTradeUsd: 0, cashReservePct: 0, cashReserveUsd: 0 },
    });
    const result = runBacktest({ prices, settings, benchmarks: ['SPY'] });
    const expected = (spy.at(-1) as number) / (spy[0] as number) - 1;
    expect(result.startDate).toBe(prices.commonRange.firstDate);
    expect(result.rebalances).toBe(0);
    expect(Math.abs(result.totalReturn - expected)).toBeLessThan(1e-9);
    expect(Math.abs((result.benchmarks.SPY?.totalReturn ?? 0) - expected)).toBeLessThan(1e-9);
    expect(result.finalValue).toBeCloseTo(100_000 * (1 + expected), 4);
  });
});
