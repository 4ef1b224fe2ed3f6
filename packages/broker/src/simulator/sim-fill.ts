import { roundTo } from '../decimal.ts';
import { drawDue, isDue, type SimConsistency } from './sim-consistency.ts';
import type { SimFill, SimOrder, SimState } from './sim-state.ts';

/** What booking a fill needs: the books, the consistency model and its stream, and who to tell. */
export interface FillContext {
  state: SimState;
  consistency: SimConsistency;
  /** The seeded consistency stream of one account: its draws depend on its own requests only. */
  consistencyRandom: (accountId: string) => () => number;
  onFill?: (fill: SimFill) => void;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** True when the order has traded all it asked for: every share, or every dollar (to the cent). */
export function complete(order: SimOrder): boolean {
  if (order.notional === null) return order.filledQty >= Number(order.qty) - 1e-9;
  return Number(order.notional) - order.filledQty * (order.filledAvgPriceUsd ?? 0) < 0.01;
}

/**
 * Book one execution: cash and position (a short is a negative position whose cost basis is negative), the
 * order's fill, the ledger, and when cash and positions will show it (the fill lag).
 */
export function bookFill(
  context: FillContext,
  order: SimOrder,
  qty: number,
  priceUsd: number,
  atMs: number,
): void {
  const account = context.state.accounts[order.accountId];
  if (!account) throw new Error(`order ${order.id} belongs to unknown account ${order.accountId}`);
  const valueUsd = roundTo(qty * priceUsd, 2);
  const position = account.positions[order.symbol] ?? { qty: 0, costBasisUsd: 0 };
  const delta = order.side === 'buy' ? qty : -qty;
  const cashDelta = order.side === 'buy' ? -valueUsd : valueUsd;
  const costBefore = position.costBasisUsd;
  // Opening or adding keeps the price paid (negative for a short); reducing keeps the rest's share of it.
  if (position.qty === 0 || Math.sign(position.qty) === Math.sign(delta)) position.costBasisUsd -= cashDelta;
  else position.costBasisUsd *= 1 - qty / Math.abs(position.qty);
  position.qty = roundTo(position.qty + delta, 9);
  account.cashUsd = roundTo(account.cashUsd + cashDelta, 2);
  if (position.qty !== 0) account.positions[order.symbol] = position;
  else delete account.positions[order.symbol];
  const due = drawDue(
    context.consistency.fillLag,
    atMs,
    account.requests,
    context.consistencyRandom(account.id),
  );
  if (!isDue(due, atMs, account.requests)) {
    account.unsettled.push({
      symbol: order.symbol,
      qty: delta,
      cashUsd: cashDelta,
      costBasisUsd: position.costBasisUsd - costBefore,
      due,
    });
  }
  const filledBefore = order.filledQty;
  order.filledQty = roundTo(filledBefore + qty, 9);
  order.filledAvgPriceUsd =
    ((order.filledAvgPriceUsd ?? 0) * filledBefore + priceUsd * qty) / order.filledQty;
  const collar = order.positionIntent === 'sell_to_open' ? 1.03 : 1;
  order.reservedUsd = Math.max(0, order.reservedUsd - valueUsd * collar);
  order.updatedAt = iso(atMs);
  order.filledAt = iso(atMs);
  if (complete(order)) {
    order.status = 'filled';
    order.reservedUsd = 0;
    order.cancelDue = null;
  } else if (order.status !== 'pending_cancel') order.status = 'partially_filled';
  const fill: SimFill = {
    orderId: order.id,
    clientOrderId: order.clientOrderId,
    accountId: order.accountId,
    symbol: order.symbol,
    side: order.side,
    qty,
    priceUsd,
    valueUsd,
    at: iso(atMs),
  };
  context.state.fills.push(fill);
  context.onFill?.(fill);
}
