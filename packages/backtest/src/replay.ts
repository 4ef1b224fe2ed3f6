import {
  evaluateRebalance,
  type Holding,
  type OrderAmount,
  type OrderSide,
  type PlanOptions,
  type RebalancePlan,
  type RebalancePolicy,
} from '@dalio-lite/core';
import { BacktestInputError } from './backtest-input-error.ts';
import type { BacktestSettings } from './backtest-settings.ts';
import { executePlan, type ReplayAccount, type SimulatedFill } from './execute-plan.ts';
import type { PriceTable } from './price-table.ts';
import { createReplayCalendar, dayNumber, periodNumber } from './replay-calendar.ts';

/** One day's decision as the engine would see it: kind, reason and the orders it would send. */
export interface DayDecision {
  date: string;
  kind: 'hold' | 'trade';
  /** The hold code or the trade trigger from core's policy. */
  code: string;
  reason: string;
  orders: { symbol: string; side: OrderSide; amount: OrderAmount }[];
}

/** A rebalance that happened: the decision, the planned orders and their simulated fills. */
export interface RebalanceRecord {
  date: string;
  /** The day the orders filled (the next trading day with next-close execution); null if the data ended first. */
  fillDate: string | null;
  trigger: string;
  reason: string;
  /** True for the initial investment of the start cash. */
  initial: boolean;
  orders: { symbol: string; side: OrderSide; amount: OrderAmount; estimatedValueUsd: number }[];
  fills: SimulatedFill[];
  equityBeforeUsd: number;
  tradedUsd: number;
  costsUsd: number;
}

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

/** Margin by which the cheap band check errs towards calling core, so float noise can never skip a trade. */
const BAND_MARGIN = 1e-9;

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
  const closes = symbols.map((symbol) => {
    const series = prices.adjClose.get(symbol);
    if (!series || series.length !== n) {
      throw new BacktestInputError(
        `prices: no aligned prices for ${symbol}, load its history with the others`,
        {
          field: `prices.${symbol}`,
        },
      );
    }
    return series;
  });
  if (n === 0) throw new BacktestInputError('prices: no dates to replay', { field: 'dates' });
  const k = symbols.length;
  const weights = Float64Array.from(symbols, (symbol) => settings.targets[symbol] as number);
  const symbolIndex = new Map(symbols.map((symbol, index) => [symbol, index]));
  const planOptions: PlanOptions = {
    ...settings.plan,
    wholeShareSymbols: settings.wholeShares ? new Set(symbols) : undefined,
  };
  const { policy } = settings;
  const calendar = createReplayCalendar(dates, policy.calendar);
  const account: ReplayAccount = {
    cashUsd: options.startCashUsd ?? settings.startCashUsd,
    qty: new Float64Array(k),
  };
  for (const [symbol, qty] of Object.entries(options.startQty ?? {})) {
    const index = symbolIndex.get(symbol);
    if (index === undefined) {
      throw new BacktestInputError(`startQty: ${symbol} is not a target symbol`, { field: 'startQty' });
    }
    account.qty[index] = qty;
  }
  const equityUsd = new Float64Array(n);
  const rebalances: RebalanceRecord[] = [];
  const decisions: DayDecision[] = [];
  const everyDay = options.recordDecisions === true || options.evaluate === 'every-day';
  const investFirst = options.investOnFirstDay ?? account.qty.every((qty) => qty === 0);
  let lastDay = options.lastRebalanceDay ?? null;
  let lastDayNumber = lastDay === null ? Number.NaN : dayNumber(lastDay);
  let lastPeriod =
    lastDay === null || policy.calendar === null ? Number.NaN : periodNumber(lastDay, policy.calendar);
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
    record.fillDate = dates[t] as string;
    record.fills = fills;
    for (const f of fills) {
      record.tradedUsd += f.valueUsd;
      record.costsUsd += f.feeUsd + f.slippageUsd;
    }
  };

  for (let t = 0; t < n; t++) {
    if (pending !== null) {
      fillPlan(pending.plan, pending.record, t);
      pending = null;
    }
    let equity = account.cashUsd;
    for (let j = 0; j < k; j++)
      equity += (account.qty[j] as number) * ((closes[j] as Float64Array)[t] as number);
    const force = t === 0 && investFirst;
    const mustEvaluate =
      everyDay ||
      force ||
      couldTrade(equity, t, account.qty, closes, weights, policy, calendar, lastDayNumber, lastPeriod);
    if (mustEvaluate) {
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
      if (options.recordDecisions) {
        decisions.push({
          date: today,
          kind: decision.kind,
          code: decision.kind === 'hold' ? decision.code : decision.trigger,
          reason: decision.reason,
          orders: orders.map(({ symbol, side, amount }) => ({ symbol, side, amount })),
        });
      }
      if (decision.kind === 'trade' && plan) {
        const record: RebalanceRecord = {
          date: today,
          fillDate: null,
          trigger: decision.trigger,
          reason: decision.reason,
          initial: force,
          orders: orders.map(({ symbol, side, amount, estimatedValueUsd }) => ({
            symbol,
            side,
            amount,
            estimatedValueUsd,
          })),
          fills: [],
          equityBeforeUsd: equity,
          tradedUsd: 0,
          costsUsd: 0,
        };
        rebalances.push(record);
        if (settings.execution === 'same-close') fillPlan(plan, record, t);
        else if (t + 1 < n) pending = { plan, record };
        lastDay = today;
        lastDayNumber = calendar.dayNumbers[t] as number;
        lastPeriod = policy.calendar === null ? Number.NaN : (calendar.periodNumbers[t] as number);
        equity = account.cashUsd;
        for (let j = 0; j < k; j++)
          equity += (account.qty[j] as number) * ((closes[j] as Float64Array)[t] as number);
      }
    }
    equityUsd[t] = equity;
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

/** A conservative, allocation-free pre-check of core's policy: false only when core must hold today. */
function couldTrade(
  equity: number,
  t: number,
  qty: Float64Array,
  closes: readonly Float64Array[],
  weights: Float64Array,
  policy: RebalancePolicy,
  calendar: { dayNumbers: Float64Array; periodNumbers: Float64Array },
  lastDayNumber: number,
  lastPeriod: number,
): boolean {
  if (!(equity > 0)) return false;
  if (
    !Number.isNaN(lastDayNumber) &&
    Math.round((calendar.dayNumbers[t] as number) - lastDayNumber) < policy.minDaysBetween
  ) {
    return false;
  }
  if (policy.calendar !== null && (Number.isNaN(lastPeriod) || calendar.periodNumbers[t] !== lastPeriod))
    return true;
  const absolute = policy.absoluteBand;
  const relative = policy.relativeBand;
  for (let j = 0; j < weights.length; j++) {
    const target = weights[j] as number;
    const drift = ((qty[j] as number) * ((closes[j] as Float64Array)[t] as number)) / equity - target;
    if (absolute !== null && Math.abs(drift) > absolute - BAND_MARGIN) return true;
    if (relative !== null && Math.abs(drift / target) > relative - BAND_MARGIN) return true;
  }
  return false;
}
