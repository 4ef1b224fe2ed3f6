import { describe, expect, it } from 'vitest';
import { resolveBacktestSettings } from './backtest-settings.ts';
import { createPriceTable } from './price-table.ts';
import { runBacktest } from './run-backtest.ts';

describe('benchmarks', () => {
  const prices = createPriceTable({
    dates: ['2024-01-30', '2024-01-31', '2024-02-01', '2024-02-02', '2024-03-01'],
    prices: {
      SPY: [100, 110, 110, 121, 121],
      AGG: [50, 50, 45, 45, 45],
      A: [10, 10, 20, 20, 20],
      B: [10, 10, 10, 10, 5],
    },
  });
  const settings = resolveBacktestSettings({ targets: { A: 50, B: 50 }, startCashUsd: 1000 });
  const result = runBacktest({ prices, settings, benchmarks: ['SPY', 'AGG', '60/40', 'buy-and-hold'] });

  it('computes buy-and-hold of a fund from its prices', () => {
    expect(result.benchmarks.SPY?.finalValue).toBeCloseTo(1210, 9);
    expect(result.benchmarks.AGG?.finalValue).toBeCloseTo(900, 9);
    expect(result.benchmarks.SPY?.rebalances).toBe(0);
  });

  it('rebalances 60/40 on the first trading day of each month', () => {
    // Jan 30: 600 SPY ($6 sh) + 400 AGG (8 sh). Jan 31: 660 + 400 = 1060. Feb 1 (new month): 660 + 360 = 1020 →
    // 612 / 408 → 5.5636 SPY, 9.0667 AGG (quantities floored to 9 decimals). Feb 2: 673.2 + 408 = 1081.2. Mar 1: rebalance at unchanged prices.
    expect(result.benchmarks['60/40']?.rebalances).toBe(2);
    expect(result.benchmarks['60/40']?.finalValue).toBeCloseTo(1081.2, 6);
  });

  it('holds the targets without rebalancing', () => {
    // 50 A and 50 B: 50 × 20 + 50 × 5 = 1250.
    expect(result.benchmarks['buy-and-hold']?.finalValue).toBeCloseTo(1250, 9);
    expect(result.benchmarks['buy-and-hold']?.rebalances).toBe(0);
  });

  it('reports the benchmarks over the portfolio’s dates with the same fields', () => {
    for (const stats of Object.values(result.benchmarks)) {
      expect(stats?.startDate).toBe(result.startDate);
      expect(stats?.endDate).toBe(result.endDate);
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
        expect(typeof stats?.[field as keyof typeof stats]).toBe('number');
      }
    }
  });
});
