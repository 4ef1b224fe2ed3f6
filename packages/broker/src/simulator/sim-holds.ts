import { isTerminalOrderStatus } from '@dalio-lite/core';
import { isDue } from './sim-consistency.ts';
import type { SimOrder } from './sim-state.ts';

/** Shares an order has yet to trade: its quantity (or, for a notional order, its fixed or estimated one) less fills. */
export function remainingQty(order: SimOrder, priceUsd: number): number {
  const total =
    order.qty !== null ? Number(order.qty) : (order.targetQty ?? Number(order.notional ?? 0) / priceUsd);
  return Math.max(0, total - order.filledQty);
}

/**
 * True while an order holds the shares it has yet to trade: while it is open (`pending_cancel` included),
 * and for a sell whose cancel has landed, until its hold is released a moment later.
 */
export function holdsShares(order: SimOrder, nowMs: number, requests: number): boolean {
  if (!isTerminalOrderStatus(order.status)) return true;
  return order.status === 'canceled' && order.holdDue !== null && !isDue(order.holdDue, nowMs, requests);
}

/** Shares of `symbol` held by the account's orders of one side (sells hold a long, buys hold a short). */
export function heldQty(
  orders: readonly SimOrder[],
  symbol: string,
  side: 'buy' | 'sell',
  priceUsd: number,
  nowMs: number,
  requests: number,
): number {
  return orders
    .filter((o) => o.symbol === symbol && o.side === side && holdsShares(o, nowMs, requests))
    .reduce((sum, o) => sum + remainingQty(o, priceUsd), 0);
}
