import type { RebalancePolicy } from '@dalio-lite/core';
import type { BacktestSettings } from './backtest-settings.ts';
import { summarizeReplay } from './backtest-stats.ts';
import { type PriceTable, sliceRows } from './price-table.ts';
import { replayBacktest } from './replay.ts';

/** One backtest of a grid: a policy of the grid over rows `[start, end)`, starting from cash. */
export interface GridTask {
  policyIndex: number;
  start: number;
  end: number;
}

/** What a grid backtest reports back: enough to rank it, small enough to send between threads. */
export interface GridScore {
  sharpe: number;
  cagr: number;
  volatility: number;
  maxDrawdown: number;
  totalReturn: number;
  rebalances: number;
  costs: number;
}

/** Everything a grid needs besides the tasks; shared once with each worker. */
export interface GridJob {
  prices: PriceTable;
  settings: BacktestSettings;
  policies: readonly RebalancePolicy[];
  riskFreeRate: number;
}

/** Run one grid task in the current thread. */
export function evaluateGridTask(job: GridJob, task: GridTask): GridScore {
  const policy = job.policies[task.policyIndex];
  if (!policy)
    throw new RangeError(`grid task names policy ${task.policyIndex}, the grid has ${job.policies.length}`);
  const replay = replayBacktest(sliceRows(job.prices, task.start, task.end), { ...job.settings, policy });
  const stats = summarizeReplay(replay, job.riskFreeRate);
  return {
    sharpe: stats.sharpe,
    cagr: stats.cagr,
    volatility: stats.volatility,
    maxDrawdown: stats.maxDrawdown,
    totalReturn: stats.totalReturn,
    rebalances: stats.rebalances,
    costs: stats.costs,
  };
}
