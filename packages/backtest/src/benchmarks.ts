import { BacktestInputError } from './backtest-input-error.ts';
import type { BacktestSettings } from './backtest-settings.ts';
import { type BacktestStats, summarizeReplay } from './backtest-stats.ts';
import type { PriceTable } from './price-table.ts';
import { replayBacktest } from './replay.ts';

/** The comparisons a backtest can report: single funds, a monthly-rebalanced 60/40, and the targets never rebalanced. */
export type BenchmarkName = 'SPY' | 'AGG' | '60/40' | 'buy-and-hold';

/** Every benchmark, in report order. */
export const BENCHMARK_NAMES: readonly BenchmarkName[] = ['SPY', 'AGG', '60/40', 'buy-and-hold'];

/** The symbols a benchmark needs prices for, besides the targets. */
export function benchmarkSymbols(names: readonly BenchmarkName[]): string[] {
  const symbols = new Set<string>();
  for (const name of names) {
    if (name === 'SPY' || name === '60/40') symbols.add('SPY');
    if (name === 'AGG' || name === '60/40') symbols.add('AGG');
  }
  return [...symbols].sort();
}

/** The settings of one benchmark: frictionless, fractional, fully invested, same start cash as the portfolio. */
export function benchmarkSettings(name: BenchmarkName, portfolio: BacktestSettings): BacktestSettings {
  const never = { absoluteBand: null, relativeBand: null, calendar: null, minDaysBetween: 0 };
  const base: BacktestSettings = {
    targets: portfolio.targets,
    policy: never,
    plan: {
      minTradeUsd: 0,
      cashReserveUsd: 0,
      cashReservePct: 0,
      tradeTo: 'target',
      nonTargetHoldings: 'ignore',
    },
    startCashUsd: portfolio.startCashUsd,
    feePerOrderUsd: 0,
    slippageBps: 0,
    wholeShares: false,
    execution: 'same-close',
  };
  if (name === 'SPY') return { ...base, targets: { SPY: 1 } };
  if (name === 'AGG') return { ...base, targets: { AGG: 1 } };
  if (name === '60/40')
    return { ...base, targets: { SPY: 0.6, AGG: 0.4 }, policy: { ...never, calendar: 'monthly' } };
  return base;
}

/** A benchmark's statistics and its equity curve (for charts). */
export type BenchmarkResult = BacktestStats & { equityUsd: Float64Array };

/** Replay each benchmark over the same dates as the portfolio. */
export function runBenchmarks(
  prices: PriceTable,
  portfolio: BacktestSettings,
  names: readonly BenchmarkName[],
  riskFreeRate = 0,
): Partial<Record<BenchmarkName, BenchmarkResult>> {
  const results: Partial<Record<BenchmarkName, BenchmarkResult>> = {};
  for (const name of names) {
    const settings = benchmarkSettings(name, portfolio);
    for (const symbol of Object.keys(settings.targets)) {
      if (!prices.adjClose.has(symbol)) {
        throw new BacktestInputError(
          `benchmark ${name} needs prices for ${symbol}; add ${symbol}.csv or drop the benchmark`,
          {
            field: 'benchmarks',
          },
        );
      }
    }
    const replay = replayBacktest(prices, settings);
    results[name] = { ...summarizeReplay(replay, riskFreeRate), equityUsd: replay.equityUsd };
  }
  return results;
}
