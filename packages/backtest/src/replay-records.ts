import type { OrderAmount, OrderSide, PlannedOrder, PolicyDecision } from '@dalio-lite/core';
import type { SimulatedFill } from './execute-plan.ts';

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

/** Record a day's decision with the orders it would send (none unless it trades). */
export function recordDecision(
  date: string,
  decision: PolicyDecision,
  orders: readonly PlannedOrder[],
): DayDecision {
  return {
    date,
    kind: decision.kind,
    code: decision.kind === 'hold' ? decision.code : decision.trigger,
    reason: decision.reason,
    orders: orders.map(({ symbol, side, amount }) => ({ symbol, side, amount })),
  };
}

/** Start the record of a rebalance decided today; fills and costs are added when its orders fill. */
export function openRebalanceRecord(
  date: string,
  decision: Extract<PolicyDecision, { kind: 'trade' }>,
  orders: readonly PlannedOrder[],
  initial: boolean,
  equityBeforeUsd: number,
): RebalanceRecord {
  return {
    date,
    fillDate: null,
    trigger: decision.trigger,
    reason: decision.reason,
    initial,
    orders: orders.map(({ symbol, side, amount, estimatedValueUsd }) => ({
      symbol,
      side,
      amount,
      estimatedValueUsd,
    })),
    fills: [],
    equityBeforeUsd,
    tradedUsd: 0,
    costsUsd: 0,
  };
}

/** Complete a rebalance record with its fills on `fillDate`: the value traded and the fees and slippage paid. */
export function recordFills(record: RebalanceRecord, fillDate: string, fills: SimulatedFill[]): void {
  record.fillDate = fillDate;
  record.fills = fills;
  for (const f of fills) {
    record.tradedUsd += f.valueUsd;
    record.costsUsd += f.feeUsd + f.slippageUsd;
  }
}
