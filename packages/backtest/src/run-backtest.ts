import type { BacktestSettings } from './backtest-settings.ts';
import { type BacktestStats, summarizeReplay } from './backtest-stats.ts';
import { type BenchmarkName, type BenchmarkResult, runBenchmarks } from './benchmarks.ts';
import type { PriceTable } from './price-table.ts';
import { type ReplayOptions, type ReplayResult, replayBacktest } from './replay.ts';
import type { RebalanceRecord } from './replay-records.ts';

/** A backtest request: aligned prices, settings, benchmarks to compare and the annual risk-free rate. */
export interface RunBacktestOptions {
  prices: PriceTable;
  settings: BacktestSettings;
  benchmarks?: readonly BenchmarkName[];
  riskFreeRate?: number;
  replay?: ReplayOptions;
}

/** Everything a report needs: the statistics, every rebalance, the equity and drawdown curves, the benchmarks. */
export interface BacktestResult extends BacktestStats {
  symbols: readonly string[];
  tradingDays: number;
  settings: BacktestSettings;
  riskFreeRate: number;
  benchmarks: Partial<Record<BenchmarkName, BenchmarkResult>>;
  rebalanceLog: RebalanceRecord[];
  equityCurve: { dates: readonly string[]; equityUsd: Float64Array; drawdown: Float64Array };
  replay: ReplayResult;
}

/** Replay the settings over the prices and compute statistics for them and every requested benchmark. */
export function runBacktest(options: RunBacktestOptions): BacktestResult {
  const riskFreeRate = options.riskFreeRate ?? 0;
  const replay = replayBacktest(options.prices, options.settings, options.replay);
  const stats = summarizeReplay(replay, riskFreeRate);
  return {
    ...stats,
    symbols: replay.symbols,
    tradingDays: replay.dates.length,
    settings: options.settings,
    riskFreeRate,
    benchmarks: runBenchmarks(options.prices, options.settings, options.benchmarks ?? [], riskFreeRate),
    rebalanceLog: replay.rebalances,
    equityCurve: {
      dates: replay.dates,
      equityUsd: replay.equityUsd,
      drawdown: drawdownSeries(replay.equityUsd),
    },
    replay,
  };
}

/** Fall from the running peak at each point, as a positive fraction (0.2 = 20 % below the high). */
export function drawdownSeries(values: Float64Array): Float64Array {
  const drawdown = new Float64Array(values.length);
  let peak = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (value > peak) peak = value;
    drawdown[i] = peak > 0 ? 1 - value / peak : 0;
  }
  return drawdown;
}
