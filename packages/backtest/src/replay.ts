import { evaluateRebalance, type Holding, type PlanOptions, type RebalancePlan } from '@dalio-lite/core';
import type { BacktestSettings } from './backtest-settings.ts';
import { executePlan } from './execute-plan.ts';
import type { PriceTable } from './price-table.ts';
import { createReplayGates } from './replay-calendar.ts';
import {
  type DayDecision,
  openRebalanceRecord,
  type RebalanceRecord,
  recordDecision,
  recordFills,
} from './replay-records.ts';
import { createBandCheck, valueQuietDays } from './replay-shortcut.ts';
import { accountEquityUsd, alignedCloses, openReplayAccount } from './replay-start.ts';

/** Where a replay starts and what it records. By default: all cash, invested (forced) on the first day. */
export interface ReplayOptions {
  /** Shares held at the start, by target symbol. */
  startQty?: Readonly<Record<string, number>>;
  /** Overrides `settings.startCashUsd` (e.g. to continue a previous replay). */
  startCashUsd?: number;
  lastRebalanceDay?: string | null;
  /** Force a rebalance on the first day; defaults to true when starting without holdings. */
  investOnFirstDay?: boolean;
  /** Record every day's decision (implies evaluating every day), for day-by-day comparison with the engine. */
  recordDecisions?: boolean;
  /** `every-day` calls core's evaluateRebalance daily (the reference); `when-needed` skips days that must hold. */
  evaluate?: 'when-needed' | 'every-day';
}

/** The raw outcome of a replay; statistics are computed from it separately. */
export interface ReplayResult {
  symbols: readonly string[];
  dates: readonly string[];
  /** Equity at each day's close, after that day's fills. */
  equityUsd: Float64Array;
  rebalances: RebalanceRecord[];
  decisions: DayDecision[];
  finalCashUsd: number;
  finalQty: Record<string, number>;
  lastRebalanceDay: string | null;
  /** How many times core's evaluateRebalance ran (for the bench and the shortcut's tests). */
  evaluations: number;
}

/**
 * Replay a price table through core's one decision path. The daily loop allocates nothing: it values the
 * holdings, and calls `evaluateRebalance` only on days where core could decide to trade (minimum days passed
 * and a band possibly breached or a calendar period turned), which never changes a decision (tested).
 */
export function replayBacktest(
  prices: PriceTable,
  settings: BacktestSettings,
  options: ReplayOptions = {},
): ReplayResult {
  const symbols = Object.keys(settings.targets).sort();
  const { dates } = prices;
  const n = dates.length;
  const closes = alignedCloses(prices, symbols);
  const weights = Float64Array.from(symbols, (symbol) => settings.targets[symbol] as number);
  const symbolIndex = new Map(symbols.map((symbol, index) => [symbol, index]));
  const planOptions: PlanOptions = {
    ...settings.plan,
    wholeShareSymbols: settings.wholeShares ? new Set(symbols) : undefined,
  };
  const { policy } = settings;
  const band = createBandCheck(weights, policy);
  const account = openReplayAccount(
    symbolIndex,
    options.startCashUsd ?? settings.startCashUsd,
    options.startQty ?? {},
  );
  const equityUsd = new Float64Array(n);
  const rebalances: RebalanceRecord[] = [];
  const decisions: DayDecision[] = [];
  const everyDay = options.recordDecisions === true || options.evaluate === 'every-day';
  const investFirst = options.investOnFirstDay ?? account.qty.every((qty) => qty === 0);
  let lastDay = options.lastRebalanceDay ?? null;
  const gates = createReplayGates(dates, policy, lastDay);
  let pending: { plan: RebalancePlan; record: RebalanceRecord } | null = null;
  let evaluations = 0;

  const fillPlan = (plan: RebalancePlan, record: RebalanceRecord, t: number): void => {
    const fills = executePlan({
      plan,
      account,
      symbolIndex,
      closeAt: (index) => (closes[index] as Float64Array)[t] as number,
      planOptions,
      feePerOrderUsd: settings.feePerOrderUsd,
      slippageBps: settings.slippageBps,
    });
    recordFills(record, dates[t] as string, fills);
  };

  let t = 0;
  while (t < n) {
    if (pending !== null) {
      fillPlan(pending.plan, pending.record, t);
      pending = null;
    }
    const force = t === 0 && investFirst;
    if (!everyDay && !force) {
      t = valueQuietDays(t, account, closes, gates, band, equityUsd);
      if (t === n) break;
    }
    let equity = accountEquityUsd(account, closes, t);
    evaluations++;
    const today = dates[t] as string;
    const holdings: Holding[] = symbols.map((symbol, j) => ({
      symbol,
      qty: account.qty[j] as number,
      priceUsd: (closes[j] as Float64Array)[t] as number,
    }));
    const evaluation = evaluateRebalance({
      snapshot: { cashUsd: account.cashUsd, holdings },
      targets: settings.targets,
      policy,
      plan: planOptions,
      today,
      lastRebalanceDay: lastDay,
      force,
    });
    const { decision, plan } = evaluation;
    const orders = plan && decision.kind === 'trade' ? [...plan.sells, ...plan.buys] : [];
    if (options.recordDecisions) decisions.push(recordDecision(today, decision, orders));
    if (decision.kind === 'trade' && plan) {
      const record = openRebalanceRecord(today, decision, orders, force, equity);
      rebalances.push(record);
      if (settings.execution === 'same-close') fillPlan(plan, record, t);
      else if (t + 1 < n) pending = { plan, record };
      lastDay = today;
      gates.rebalanced(t);
      equity = accountEquityUsd(account, closes, t);
    }
    equityUsd[t] = equity;
    t++;
  }
  const finalQty: Record<string, number> = {};
  symbols.forEach((symbol, j) => {
    finalQty[symbol] = account.qty[j] as number;
  });
  return {
    symbols,
    dates,
    equityUsd,
    rebalances,
    decisions,
    finalCashUsd: account.cashUsd,
    finalQty,
    lastRebalanceDay: lastDay,
    evaluations,
  };
}
