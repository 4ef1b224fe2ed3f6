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
import { emit, range, summarize, timeMs as timeOnce } from '../../../bench/figure.ts';

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

const timeMs = timeOnce;
const median = (values: number[]): number => summarize(values).median;

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
for (let round = 0; round < 5; round++) {
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
console.log(line('grid, runGrid one-shot (1 s warm-up budget)', perSecond('oneShot'), gridOne, '1 thread'));
console.log(
  `pool start-up: first run ${firstRunMs.toFixed(0)} ms vs ${median(times.pool).toFixed(0)} ms warm (medians of 5 interleaved rounds)`,
);

// For `pnpm bench`'s table (scripts/bench.mjs): the issue's figures as BENCH lines.
emit({
  id: 'backtest.grid-pool',
  label: `grid ${tasks.length} backtests, ${cores} threads, warm pool`,
  unit: 'ms',
  median: median(times.pool),
  spread: range(times.pool, 0),
  samples: times.pool.length,
  baseline: { label: 'same grid, 1 thread', median: median(times.thread) },
  budget: null,
});

// A 20-year daily backtest of 7 assets versus a minimal typed-array loop doing the same arithmetic as the
// replay's default settings: mark to market every day and keep the equity curve; after at least 30 days since
// the last rebalance, weights against targets with core's 5/25 bands; then back to targets less the 0.5 % cash
// reserve, sells first, orders under $100 skipped, buys scaled to the cash left, slippage and a fee per order.
// Its inputs are prepared outside the timing (close columns, day numbers), which only favours the loop.
const SEVEN = ['DBC', 'GLD', 'IEF', 'IEI', 'SPY', 'TLT', 'VTI'];
const sevenPrices = await loadBacktestPrices({ symbols: SEVEN });
const sevenTargets = Object.fromEntries(SEVEN.map((symbol) => [symbol, 1 / SEVEN.length]));
const sevenSettings = resolveBacktestSettings({ targets: sevenTargets, feePerOrderUsd: 1, slippageBps: 5 });
const closes = SEVEN.map((symbol) => sevenPrices.adjClose.get(symbol) as Float64Array);
const dayNumbers = Float64Array.from(sevenPrices.dates, (date) => Date.parse(date) / 86_400_000);
function typedArrayLoop(): number {
  const k = closes.length;
  const n = dayNumbers.length;
  const target = 1 / k;
  const slip = 5 / 10_000;
  const feeUsd = 1;
  const qty = new Float64Array(k);
  const deltaUsd = new Float64Array(k);
  const equityUsd = new Float64Array(n);
  let cash = 100_000;
  let lastDay = Number.NEGATIVE_INFINITY;
  let rebalances = 0;
  for (let t = 0; t < n; t++) {
    let equity = cash;
    for (let j = 0; j < k; j++) equity += (qty[j] as number) * ((closes[j] as Float64Array)[t] as number);
    equityUsd[t] = equity;
    if ((dayNumbers[t] as number) - lastDay < 30) continue;
    let breach = t === 0;
    for (let j = 0; j < k; j++) {
      const drift = ((qty[j] as number) * ((closes[j] as Float64Array)[t] as number)) / equity - target;
      if (Math.abs(drift) > 0.05 || Math.abs(drift) / target > 0.25) breach = true;
    }
    if (!breach) continue;
    const investable = equity * (1 - 0.005);
    let buysUsd = 0;
    let buyOrders = 0;
    for (let j = 0; j < k; j++) {
      const close = (closes[j] as Float64Array)[t] as number;
      const delta = investable * target - (qty[j] as number) * close;
      deltaUsd[j] = delta;
      if (delta <= -100) {
        qty[j] = (qty[j] as number) + delta / close;
        cash -= delta * (1 - slip) + feeUsd;
      } else if (delta >= 100) {
        buysUsd += delta;
        buyOrders++;
      }
    }
    const scale = Math.min(1, (cash - equity * 0.005 - buyOrders * feeUsd) / buysUsd);
    for (let j = 0; j < k; j++) {
      const delta = deltaUsd[j] as number;
      if (delta < 100) continue;
      qty[j] =
        (qty[j] as number) + (delta * scale) / (((closes[j] as Float64Array)[t] as number) * (1 + slip));
      cash -= delta * scale + feeUsd;
    }
    equity = cash;
    for (let j = 0; j < k; j++) equity += (qty[j] as number) * ((closes[j] as Float64Array)[t] as number);
    equityUsd[t] = equity;
    lastDay = dayNumbers[t] as number;
    rebalances++;
  }
  return rebalances;
}
// The loop is at full speed from its first call; the replay runs core's plan code, which V8 needs a hundred or
// so replays to optimise for this table. Both get the same 100 warm-up rounds so the figure compares steady
// states; the first calls are printed, not hidden.
const firstReplayMs = await timeMs(() => replayBacktest(sevenPrices, sevenSettings));
const firstLoopMs = await timeMs(typedArrayLoop);
for (let round = 0; round < 100; round++) {
  typedArrayLoop();
  replayBacktest(sevenPrices, sevenSettings);
}
const loopMs: number[] = [];
const sevenMs: number[] = [];
for (let round = 0; round < 25; round++) {
  loopMs.push(await timeMs(typedArrayLoop));
  sevenMs.push(await timeMs(() => replayBacktest(sevenPrices, sevenSettings)));
}
console.log(
  `7 assets: the replay rebalances ${replayBacktest(sevenPrices, sevenSettings).rebalances.length} times, the loop ${typedArrayLoop()} times; their first calls on this table took ${firstReplayMs.toFixed(2)} ms and ${firstLoopMs.toFixed(2)} ms`,
);
const seven = median(sevenMs.slice(5));
const loop = median(loopMs.slice(5));
emit({
  id: 'backtest.single-7x20y',
  label: `backtest, 7 assets, ${sevenPrices.dates[0]}..${sevenPrices.dates.at(-1)}`,
  unit: 'ms',
  median: seven,
  spread: range(sevenMs.slice(5)),
  samples: 20,
  baseline: { label: 'typed-array loop, same arithmetic', median: loop },
  budget: { text: 'within 3× the loop', ok: seven <= 3 * loop },
});

// A 1,000-combination grid on every core, as `dalio backtest --grid` runs it (new pool, warm-up included).
const thousand = Array.from({ length: 1_000 }, (_, i) => tasks[i % tasks.length] as GridTask);
const gridMs: number[] = [];
const gridOneMs: number[] = [];
for (let round = 0; round < 3; round++) {
  gridMs.push(await timeMs(() => runGrid(job, thousand, { workers: cores })));
  gridOneMs.push(await timeMs(() => runGrid(job, thousand, { workers: 1 })));
}
emit({
  id: 'backtest.grid-1000',
  label: `grid of 1,000 backtests on ${cores} cores (one-shot)`,
  unit: 'ms',
  median: median(gridMs),
  spread: range(gridMs, 0),
  samples: gridMs.length,
  baseline: { label: 'same grid, 1 thread', median: median(gridOneMs) },
  budget: { text: '< 2 s', ok: median(gridMs) < 2_000 },
});
