import type { RebalancePolicy } from '@dalio-lite/core';
import type { BacktestSettings } from './backtest-settings.ts';
import { type BacktestStats, summarizeReplay } from './backtest-stats.ts';
import { type BenchmarkName, type BenchmarkResult, runBenchmarks } from './benchmarks.ts';
import { type GridPool, runGrid } from './grid-pool.ts';
import type { GridScore, GridTask } from './grid-task.ts';
import { type ParameterStability, summarizeParameterStability } from './parameter-stability.ts';
import {
  DEFAULT_POLICY_GRID,
  describePolicy,
  expandPolicyGrid,
  objectiveScore,
  type PolicyGrid,
  type WalkForwardObjective,
} from './policy-grid.ts';
import { type PriceTable, sliceRows } from './price-table.ts';
import { replayBacktest } from './replay.ts';
import type { RebalanceRecord } from './replay-records.ts';
import {
  assessStability,
  DEFAULT_STABILITY_LIMITS,
  type StabilityLimits,
  type StabilityReport,
} from './stability-test.ts';
import { DEFAULT_WINDOW_PLAN, splitWalkForwardWindows, type WindowPlan } from './walk-forward-windows.ts';

/** A walk-forward request. Costs, targets and plan come from `settings`; the grid varies the policy. */
export interface WalkForwardOptions {
  prices: PriceTable;
  settings: BacktestSettings;
  grid?: PolicyGrid;
  objective?: WalkForwardObjective;
  windows?: Partial<WindowPlan>;
  stability?: Partial<StabilityLimits>;
  benchmarks?: readonly BenchmarkName[];
  riskFreeRate?: number;
  workers?: number;
  /** A long-lived pool to run the grid on (reused across calls); without it one is made for this call. */
  pool?: GridPool;
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Told when worker threads could not start and the grid ran on this thread instead. */
  onFallback?: (reason: string) => void;
}

/** One window: its dates, the policy chosen in sample and how that choice did out of sample. */
export interface WalkForwardWindowResult {
  index: number;
  inSample: { startDate: string; endDate: string; days: number; score: number; stats: GridScore };
  outOfSample: { startDate: string; endDate: string; days: number; stats: BacktestStats };
  policy: RebalancePolicy;
  policyLabel: string;
}

/** The whole validation: per-window results, the stitched out-of-sample run, stability and benchmarks. */
export interface WalkForwardResult {
  objective: WalkForwardObjective;
  windowPlan: WindowPlan;
  gridSize: number;
  windows: WalkForwardWindowResult[];
  /** The out-of-sample windows chained into one account (holdings carry from window to window). */
  stitched: BacktestStats & {
    dates: readonly string[];
    equityUsd: Float64Array;
    rebalanceLog: RebalanceRecord[];
  };
  /** The settings' own policy, unchanged, over the same out-of-sample dates: does re-fitting help? */
  fixedPolicy: BacktestStats & { policyLabel: string };
  benchmarks: Partial<Record<BenchmarkName, BenchmarkResult>>;
  parameterStability: ParameterStability;
  stability: StabilityReport;
}

/** Choose the policy on each in-sample window by the objective, run it out of sample, and judge the stability. */
export async function runWalkForward(options: WalkForwardOptions): Promise<WalkForwardResult> {
  const { prices, settings } = options;
  const objective = options.objective ?? 'sharpe';
  const riskFreeRate = options.riskFreeRate ?? 0;
  const windowPlan = { ...DEFAULT_WINDOW_PLAN, ...options.windows };
  const windows = splitWalkForwardWindows(prices.dates.length, windowPlan);
  const policies = expandPolicyGrid(options.grid ?? DEFAULT_POLICY_GRID);
  const tasks: GridTask[] = windows.flatMap((window) =>
    policies.map((_, policyIndex) => ({
      policyIndex,
      start: window.inSample.start,
      end: window.inSample.end,
    })),
  );
  const scores = await runGrid({ prices, settings, policies, riskFreeRate }, tasks, {
    workers: options.workers,
    pool: options.pool,
    onProgress: options.onProgress,
    ...(options.onFallback ? { onFallback: options.onFallback } : {}),
  });

  const results: WalkForwardWindowResult[] = [];
  const stitchedDates: string[] = [];
  const stitchedEquity: number[] = [];
  const rebalanceLog: RebalanceRecord[] = [];
  let carry: { cashUsd: number; qty: Record<string, number>; lastRebalanceDay: string | null } | null = null;
  for (const window of windows) {
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let p = 0; p < policies.length; p++) {
      const score = objectiveScore(scores[window.index * policies.length + p] as GridScore, objective);
      if (score > bestScore) {
        bestScore = score;
        best = p;
      }
    }
    const policy = policies[best] as RebalancePolicy;
    const oos = sliceRows(prices, window.outOfSample.start, window.outOfSample.end);
    const replay = replayBacktest(
      oos,
      { ...settings, policy },
      carry === null
        ? {}
        : {
            startCashUsd: carry.cashUsd,
            startQty: carry.qty,
            lastRebalanceDay: carry.lastRebalanceDay,
            investOnFirstDay: false,
          },
    );
    // Prefix the previous window's last close so this window's first daily return is counted in it.
    const previousDate = stitchedDates.at(-1);
    const previousValue = stitchedEquity.at(-1);
    const windowSeries =
      previousDate === undefined || previousValue === undefined
        ? replay
        : {
            dates: [previousDate, ...replay.dates],
            equityUsd: Float64Array.of(previousValue, ...replay.equityUsd),
            rebalances: replay.rebalances,
          };
    stitchedDates.push(...replay.dates);
    stitchedEquity.push(...replay.equityUsd);
    rebalanceLog.push(...replay.rebalances);
    carry = { cashUsd: replay.finalCashUsd, qty: replay.finalQty, lastRebalanceDay: replay.lastRebalanceDay };
    const isDates = prices.dates;
    results.push({
      index: window.index,
      inSample: {
        startDate: isDates[window.inSample.start] as string,
        endDate: isDates[window.inSample.end - 1] as string,
        days: window.inSample.end - window.inSample.start,
        score: bestScore,
        stats: scores[window.index * policies.length + best] as GridScore,
      },
      outOfSample: {
        startDate: replay.dates[0] as string,
        endDate: replay.dates.at(-1) as string,
        days: replay.dates.length,
        stats: summarizeReplay(windowSeries, riskFreeRate),
      },
      policy,
      policyLabel: describePolicy(policy),
    });
  }

  const first = windows[0]?.outOfSample.start ?? 0;
  const last = windows.at(-1)?.outOfSample.end ?? prices.dates.length;
  const oosPrices = sliceRows(prices, first, last);
  const equityUsd = Float64Array.from(stitchedEquity);
  const stitchedStats = summarizeReplay(
    { dates: stitchedDates, equityUsd, rebalances: rebalanceLog },
    riskFreeRate,
  );
  const fixed = summarizeReplay(replayBacktest(oosPrices, settings), riskFreeRate);
  return {
    objective,
    windowPlan,
    gridSize: policies.length,
    windows: results,
    stitched: { ...stitchedStats, dates: stitchedDates, equityUsd, rebalanceLog },
    fixedPolicy: { ...fixed, policyLabel: describePolicy(settings.policy) },
    benchmarks: runBenchmarks(oosPrices, settings, options.benchmarks ?? [], riskFreeRate),
    parameterStability: summarizeParameterStability(results.map((r) => r.policyLabel)),
    stability: assessStability(
      results.map((r) => ({
        label: `window ${r.index + 1} (${r.outOfSample.startDate}..${r.outOfSample.endDate})`,
        sharpe: r.outOfSample.stats.sharpe,
      })),
      { ...DEFAULT_STABILITY_LIMITS, ...options.stability },
    ),
  };
}
