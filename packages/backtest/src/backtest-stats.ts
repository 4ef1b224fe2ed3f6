import { computePerformance, type PerformanceStats } from '@dalio-lite/core';
import type { ReplayResult } from './replay.ts';

/** Core's performance statistics plus what the trading cost: the same fields for a portfolio and a benchmark. */
export interface BacktestStats extends PerformanceStats {
  /** Rebalances after the initial investment. */
  rebalances: number;
  /** Two-way traded value ÷ equity before each rebalance, summed and annualised; the initial investment excluded. */
  turnover: number;
  /** Total traded value in USD, the initial investment included. */
  turnoverUsd: number;
  /** Fees plus slippage paid, in USD. */
  costs: number;
  feesUsd: number;
  slippageUsd: number;
}

const YEAR_MS = 365.25 * 86_400_000;

/** Statistics of a replay; `riskFreeRate` is annual (0.02 = 2 %). */
export function summarizeReplay(
  replay: Pick<ReplayResult, 'dates' | 'equityUsd' | 'rebalances'>,
  riskFreeRate = 0,
): BacktestStats {
  const performance = computePerformance({ dates: replay.dates, values: replay.equityUsd }, riskFreeRate);
  let rebalances = 0;
  let turnoverSum = 0;
  let turnoverUsd = 0;
  let feesUsd = 0;
  let slippageUsd = 0;
  for (const record of replay.rebalances) {
    if (!record.initial) {
      rebalances++;
      if (record.equityBeforeUsd > 0) turnoverSum += record.tradedUsd / record.equityBeforeUsd;
    }
    turnoverUsd += record.tradedUsd;
    for (const fill of record.fills) {
      feesUsd += fill.feeUsd;
      slippageUsd += fill.slippageUsd;
    }
  }
  const years = (Date.parse(performance.endDate) - Date.parse(performance.startDate)) / YEAR_MS;
  return {
    ...performance,
    rebalances,
    turnover: years > 0 ? turnoverSum / years : 0,
    turnoverUsd,
    costs: feesUsd + slippageUsd,
    feesUsd,
    slippageUsd,
  };
}
