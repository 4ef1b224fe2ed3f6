/**
 * `pnpm bench`: backtests per second of one replay and of a policy grid, each as a ratio against a baseline
 * measured in the same run (the naive loop that calls core's evaluateRebalance every day). Not a test.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { PRESETS } from '@dalio-lite/core';
import { resolveBacktestSettings } from './backtest-settings.ts';
import { runGrid } from './grid-pool.ts';
import type { GridTask } from './grid-task.ts';
import { loadBacktestPrices } from './load-backtest-prices.ts';
import { DEFAULT_POLICY_GRID, expandPolicyGrid } from './policy-grid.ts';
import { replayBacktest } from './replay.ts';
import { DEFAULT_WINDOW_PLAN, splitWalkForwardWindows } from './walk-forward-windows.ts';

const prices = await loadBacktestPrices({ symbols: Object.keys(PRESETS['dalio-lite'].targets) });
const settings = resolveBacktestSettings({
  targets: PRESETS['dalio-lite'].targets,
  feePerOrderUsd: 1,
  slippageBps: 5,
});
const days = prices.dates.length;

function rate(run: () => void, minMs = 1500): number {
  run();
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    run();
    count++;
  }
  return (count * 1000) / (performance.now() - start);
}

const baseline = rate(() => replayBacktest(prices, settings, { evaluate: 'every-day' }));
const single = rate(() => replayBacktest(prices, settings));

const policies = expandPolicyGrid(DEFAULT_POLICY_GRID);
// The in-sample tasks of a default walk-forward: every policy on every rolling 756-day window.
const windows = splitWalkForwardWindows(days, DEFAULT_WINDOW_PLAN);
const tasks: GridTask[] = windows.flatMap((window) =>
  policies.map((_, policyIndex) => ({ policyIndex, start: window.inSample.start, end: window.inSample.end })),
);
const job = { prices, settings, policies, riskFreeRate: 0 };
async function gridRate(workers: number): Promise<number> {
  const start = performance.now();
  let runs = 0;
  while (performance.now() - start < 3000) {
    await runGrid(job, tasks, { workers });
    runs += tasks.length;
  }
  return (runs * 1000) / (performance.now() - start);
}
const gridOne = await gridRate(1);
const cores = availableParallelism();
const gridAll = await gridRate(cores);

const line = (label: string, perSecond: number): string =>
  `${label.padEnd(44)} ${perSecond.toFixed(1).padStart(9)} backtests/s  ${(perSecond / baseline).toFixed(1).padStart(6)}x baseline`;
console.log(`dalio-lite, ${prices.dates[0]}..${prices.dates.at(-1)} (${days} days)`);
console.log(
  `grid: ${policies.length} policies × ${windows.length} in-sample windows of 756 days = ${tasks.length} backtests per run, worker start-up included`,
);
console.log(line('baseline: evaluateRebalance every day', baseline));
console.log(line('single backtest (when-needed evaluation)', single));
console.log(line('grid (756-day backtests), 1 thread', gridOne));
console.log(line(`grid (756-day backtests), ${cores} worker threads`, gridAll));
