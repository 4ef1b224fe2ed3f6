import { isTerminalOrderStatus, type OrderSide, type OrderStatus } from '@dalio-lite/core';
import type { HistoryRecord } from '@dalio-lite/state';
import {
  type CycleFacts,
  cycleFactsOf,
  isSuccessfulCycle,
  type NoTradeReason,
  noTradeReasonOf,
} from './no-trade-reason.ts';

/** What the rebalance history says, reduced to what metrics and health checks need. */
export interface HistorySummary {
  /** Cycles by outcome and code. */
  cycles: { outcome: string; code: string; count: number }[];
  /** Cycles without a trade by reason. */
  noTrade: Map<NoTradeReason, number>;
  /** Each cycle's duration in seconds, oldest first. */
  durationsSeconds: number[];
  /** Each of our orders once, by side and final status (orders not final yet are not counted). */
  orders: { side: OrderSide; status: OrderStatus; count: number }[];
  lastCycle: { finishedAt: string; facts: CycleFacts; noTrade: NoTradeReason | null } | null;
  lastSuccessAt: string | null;
  /** Every cycle's end and whether it succeeded (busy cycles left out), oldest first, for windowed rates. */
  outcomes: { finishedAt: string; success: boolean }[];
}

/** Reduce verified history records (oldest first) to counts and times. Pure. */
export function summarizeHistory(records: readonly HistoryRecord[]): HistorySummary {
  const cycles = new Map<string, { outcome: string; code: string; count: number }>();
  const noTrade = new Map<NoTradeReason, number>();
  const durationsSeconds: number[] = [];
  const finalOrders = new Map<string, { side: OrderSide; status: OrderStatus }>();
  const outcomes: HistorySummary['outcomes'] = [];
  let lastCycle: HistorySummary['lastCycle'] = null;
  let lastSuccessAt: string | null = null;

  for (const { entry } of records) {
    const facts = cycleFactsOf(entry);
    const code = facts.code ?? 'unknown';
    const key = `${entry.outcome}\u0000${code}`;
    const counted = cycles.get(key) ?? { outcome: entry.outcome, code, count: 0 };
    cycles.set(key, { ...counted, count: counted.count + 1 });
    const reason = noTradeReasonOf(facts);
    if (reason !== null) noTrade.set(reason, (noTrade.get(reason) ?? 0) + 1);
    const totalMs = entry.durationsMs.total ?? Date.parse(entry.finishedAt) - Date.parse(entry.startedAt);
    if (Number.isFinite(totalMs) && totalMs >= 0) durationsSeconds.push(totalMs / 1000);
    for (const order of entry.orders) {
      const answer = entry.brokerAnswers.findLast((a) => a.clientOrderId === order.clientOrderId);
      if (answer?.status && isTerminalOrderStatus(answer.status)) {
        finalOrders.set(order.clientOrderId, { side: order.side, status: answer.status });
      }
    }
    const success = isSuccessfulCycle(facts);
    if (entry.outcome !== 'busy') outcomes.push({ finishedAt: entry.finishedAt, success });
    if (success && (lastSuccessAt === null || entry.finishedAt > lastSuccessAt))
      lastSuccessAt = entry.finishedAt;
    if (entry.outcome !== 'busy') lastCycle = { finishedAt: entry.finishedAt, facts, noTrade: reason };
  }

  const orders = new Map<string, { side: OrderSide; status: OrderStatus; count: number }>();
  for (const { side, status } of finalOrders.values()) {
    const key = `${side}\u0000${status}`;
    orders.set(key, { side, status, count: (orders.get(key)?.count ?? 0) + 1 });
  }
  return {
    cycles: [...cycles.values()],
    noTrade,
    durationsSeconds,
    orders: [...orders.values()],
    lastCycle,
    lastSuccessAt,
    outcomes,
  };
}
