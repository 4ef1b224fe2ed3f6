import { floorQty, formatQty, type Order } from '@dalio-lite/core';
import type { PersistedPlannedOrder } from '@dalio-lite/state';
import type { CycleContext } from './cycle-context.ts';
import type { DayBook } from './day-book.ts';
import { errorAnswer } from './leg-state.ts';

/**
 * Cap an unsent sell to the shares free to sell right now: the fresh long position less what open sell orders
 * (the owner's, or ours of another attempt) already hold. Selling more would be refused at Alpaca — or, in a
 * margin account, open a short. The capped amount is written to the intent before the order goes out; a leg
 * with nothing free (or less than the minimum trade) is recorded as skipped. Returns the leg to send, or null.
 */
export async function capSellToFreeShares(
  context: CycleContext,
  book: DayBook,
  planned: PersistedPlannedOrder,
): Promise<PersistedPlannedOrder | null> {
  if (planned.amount.kind !== 'qty') return planned;
  const plannedQty = Number(planned.amount.shares);
  const [positions, open] = await Promise.all([
    context.broker.getPositions(),
    context.broker.listOrders({ status: 'open', limit: 500 }),
  ]);
  const position = positions.find((candidate) => candidate.symbol === planned.symbol);
  const heldQty = position && position.qty > 0 && position.side !== 'short' ? position.qty : 0;
  const priceUsd = position?.currentPriceUsd ?? 0;
  const heldByOrdersQty = open
    .filter((order) => order.symbol === planned.symbol && order.side === 'sell')
    .filter((order) => order.clientOrderId !== planned.clientOrderId)
    .reduce((total, order) => total + remainingQty(order, priceUsd), 0);
  const freeQty = Math.max(0, heldQty - heldByOrdersQty);
  if (plannedQty <= freeQty + 1e-9) return planned;
  const cappedQty = Number.isInteger(plannedQty) ? Math.floor(freeQty + 1e-9) : floorQty(freeQty);
  const why = `only ${formatQty(freeQty)} of ${formatQty(heldQty)} ${planned.symbol} shares are free to sell (${formatQty(heldByOrdersQty)} held by open orders)`;
  context.emit({
    type: 'warning',
    message: `${planned.clientOrderId}: ${why}; planned ${formatQty(plannedQty)}`,
  });
  const cappedUsd = cappedQty * priceUsd;
  if (cappedQty <= 0 || cappedUsd < context.settings.plan.minTradeUsd) {
    const at = context.now().toISOString();
    await book.recordAnswer(errorAnswer(planned.clientOrderId, at, 'skipped', `not sent: ${why}`, false));
    return null;
  }
  const capped: PersistedPlannedOrder = {
    ...planned,
    amount: { kind: 'qty', shares: formatQty(cappedQty) },
    estimatedValueUsd: Math.round(cappedUsd * 100) / 100,
  };
  await book.replacePlanned([capped]);
  await book.addReasons([`${planned.clientOrderId} capped to ${formatQty(cappedQty)} shares: ${why}`]);
  return capped;
}

/** Shares an open order may still sell: its quantity (or its dollars at the price) less what has filled. */
function remainingQty(order: Order, priceUsd: number): number {
  const totalQty =
    order.amount.kind === 'qty'
      ? Number(order.amount.shares)
      : priceUsd > 0
        ? Number(order.amount.usd) / priceUsd
        : 0;
  return Math.max(0, totalQty - order.filledQty);
}
