/**
 * `pnpm bench`: backtests per second of one replay and of a policy grid, each as a ratio against a baseline
 * measured in the same run (the naive loop that calls core's evaluateRebalance every day), and the grid on
 * worker threads as a ratio against the same grid in one thread. Runs the built `dist/` (the package script
 * builds it first), as users' scripts and the CLI do, so workers start as plain JS. Not a test.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  createGridPool,
  DEFAULT_POLICY_GRID,
  DEFAULT_WINDOW_PLAN,
  expandPolicyGrid,
  type GridTask,
  loadBacktestPrices,
  replayBacktest,
  resolveBacktestSettings,
  runGrid,
  splitWalkForwardWindows,
} from '@dalio-lite/backtest';
import { PRESETS } from '@dalio-lite/core';

const prices = await loadBacktestPrices({ symbols: Object.keys(PRESETS['dalio-lite'].targets) });
const settings = resolveBacktestSettings({
  targets: PRESETS['dalio-lite'].targets,
  feePerOrderUsd: 1,
  slippageBps: 5,
});
const days = prices.dates.length;

/** Calls per second of `run` over at least `minMs`, after one warm-up call. */
async function rate(run: () => unknown, minMs: number): Promise<number> {
  await run();
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    await run();
    count++;
  }
  return (count * 1000) / (performance.now() - start);
}

const baseline = await rate(() => replayBacktest(prices, settings, { evaluate: 'every-day' }), 1500);
const single = await rate(() => replayBacktest(prices, settings), 1500);

const policies = expandPolicyGrid(DEFAULT_POLICY_GRID);
// The in-sample tasks of a default walk-forward: every policy on every rolling 756-day window.
const windows = splitWalkForwardWindows(days, DEFAULT_WINDOW_PLAN);
const tasks: GridTask[] = windows.flatMap((window) =>
  policies.map((_, policyIndex) => ({ policyIndex, start: window.inSample.start, end: window.inSample.end })),
);
const job = { prices, settings, policies, riskFreeRate: 0 };
const cores = availableParallelism();

/** Milliseconds one call of `run` takes. */
async function timeMs(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] as number;

const pool = createGridPool({ workers: cores, onFallback: (reason) => console.error(`fallback: ${reason}`) });
const firstRunMs = await timeMs(() => pool.run(job, tasks));
await runGrid(job, tasks, { workers: 1 });
// Rounds interleave the variants so a busy machine slows them alike; medians drop the outliers.
const variants = {
  thread: () => runGrid(job, tasks, { workers: 1 }),
  pool: () => pool.run(job, tasks),
  coldPool: () => runGrid(job, tasks, { workers: cores, warmUpBudgetMs: 0 }),
  oneShot: () => runGrid(job, tasks, { workers: cores }),
};
const times: Record<keyof typeof variants, number[]> = { thread: [], pool: [], coldPool: [], oneShot: [] };
for (let round = 0; round < 15; round++) {
  for (const [name, run] of Object.entries(variants))
    times[name as keyof typeof variants].push(await timeMs(run));
}
await pool.close();
const perSecond = (name: keyof typeof variants) => (tasks.length * 1000) / median(times[name]);
const gridOne = perSecond('thread');

const line = (label: string, value: number, against: number, name: string): string =>
  `${label.padEnd(50)} ${value.toFixed(1).padStart(9)} backtests/s  ${(value / against).toFixed(2).padStart(6)}x ${name}`;
console.log(
  `dalio-lite, ${prices.dates[0]}..${prices.dates.at(-1)} (${days} days), ${cores} cores, from dist/`,
);
console.log(
  `grid: ${policies.length} policies × ${windows.length} in-sample windows of 756 days = ${tasks.length} backtests per run`,
);
console.log(line('baseline: evaluateRebalance every day', baseline, baseline, 'baseline'));
console.log(line('single backtest (when-needed evaluation)', single, baseline, 'baseline'));
console.log(line('grid, 1 thread', gridOne, gridOne, '1 thread'));
const threads = `${cores} threads (this + ${cores - 1} worker${cores > 2 ? 's' : ''})`;
console.log(line(`grid, ${threads}, long-lived pool`, perSecond('pool'), gridOne, '1 thread'));
console.log(line(`grid, ${threads}, new pool per run`, perSecond('coldPool'), gridOne, '1 thread'));
console.log(
  line('grid, runGrid one-shot (400 ms warm-up budget)', perSecond('oneShot'), gridOne, '1 thread'),
);
console.log(
  `pool start-up: first run ${firstRunMs.toFixed(0)} ms vs ${median(times.pool).toFixed(0)} ms warm (medians of 15 interleaved rounds)`,
);
