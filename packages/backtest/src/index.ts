export { BacktestInputError } from './backtest-input-error.ts';
export {
  type BacktestSettings,
  type BacktestSettingsInput,
  DEFAULT_START_CASH_USD,
  type ExecutionTiming,
  resolveBacktestSettings,
} from './backtest-settings.ts';
export { type BacktestStats, summarizeReplay } from './backtest-stats.ts';
export {
  BENCHMARK_NAMES,
  type BenchmarkName,
  type BenchmarkResult,
  benchmarkSettings,
  benchmarkSymbols,
  runBenchmarks,
} from './benchmarks.ts';
export {
  type ExecutePlanInput,
  executePlan,
  type ReplayAccount,
  type SimulatedFill,
} from './execute-plan.ts';
export {
  createGridPool,
  type GridPool,
  type GridPoolOptions,
  type GridRunOptions,
  type RunGridOptions,
  runGrid,
} from './grid-pool.ts';
export { evaluateGridTask, type GridJob, type GridScore, type GridTask } from './grid-task.ts';
export {
  type LoadBacktestPricesOptions,
  type LoadedBacktestPrices,
  loadBacktestPrices,
} from './load-backtest-prices.ts';
export { type ParameterStability, summarizeParameterStability } from './parameter-stability.ts';
export {
  DEFAULT_POLICY_GRID,
  describePolicy,
  expandPolicyGrid,
  objectiveScore,
  type PolicyGrid,
  type WalkForwardObjective,
} from './policy-grid.ts';
export {
  createPriceTable,
  type PriceTable,
  slicePriceTable,
  sliceRows,
  validatePriceTable,
} from './price-table.ts';
export { type ReplayOptions, type ReplayResult, replayBacktest } from './replay.ts';
export type { DayDecision, RebalanceRecord } from './replay-records.ts';
export { type BacktestResult, drawdownSeries, type RunBacktestOptions, runBacktest } from './run-backtest.ts';
export {
  assessStability,
  DEFAULT_STABILITY_LIMITS,
  type StabilityLimits,
  type StabilityReport,
} from './stability-test.ts';
export {
  runWalkForward,
  type WalkForwardOptions,
  type WalkForwardResult,
  type WalkForwardWindowResult,
} from './walk-forward.ts';
export {
  DEFAULT_WINDOW_PLAN,
  splitWalkForwardWindows,
  type WalkForwardWindow,
  type WindowPlan,
} from './walk-forward-windows.ts';
