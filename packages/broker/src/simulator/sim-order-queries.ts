import { isTerminalOrderStatus } from '@dalio-lite/core';
import type { SimOrder } from './sim-state.ts';

/** Order listing filters, as on the wire. */
export interface SimListQuery {
  status?: 'open' | 'closed' | 'all';
  limit?: number;
  direction?: 'asc' | 'desc';
  symbols?: readonly string[];
}

/** A copy of an account's order by id or client order id; null when unknown or not visible yet. */
export function findVisibleOrder(
  orders: readonly SimOrder[],
  accountId: string,
  key: { id: string } | { clientOrderId: string },
): SimOrder | null {
  const order = orders.find(
    (o) =>
      o.accountId === accountId && ('id' in key ? o.id === key.id : o.clientOrderId === key.clientOrderId),
  );
  return order && visible(order) ? { ...order } : null;
}

/** Copies of an account's visible orders that match the query: open ones, newest first and 50 at most by default. */
export function listVisibleOrders(
  orders: readonly SimOrder[],
  accountId: string,
  query: SimListQuery = {},
): SimOrder[] {
  const status = query.status ?? 'open';
  const selected = orders.filter(
    (o) =>
      o.accountId === accountId &&
      o.hiddenReads <= 0 &&
      (status === 'all' || (status === 'open') !== isTerminalOrderStatus(o.status)) &&
      (!query.symbols || query.symbols.includes(o.symbol)),
  );
  if ((query.direction ?? 'desc') === 'desc') selected.reverse();
  return selected.slice(0, Math.min(Math.max(query.limit ?? 50, 1), 500)).map((o) => ({ ...o }));
}

/** A `late-visibility` order stays hidden for its first lookups; each lookup by key uses one of them up. */
function visible(order: SimOrder): boolean {
  if (order.hiddenReads <= 0) return true;
  order.hiddenReads -= 1;
  return false;
}
