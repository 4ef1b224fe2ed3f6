import { isTerminalOrderStatus, type OrderSide } from '@dalio-lite/core';
import type { SimRejection } from './sim-order-rules.ts';
import type { SimOrder } from './sim-state.ts';

/** Order listing filters, as on the wire. */
export interface SimListQuery {
  status?: 'open' | 'closed' | 'all';
  limit?: number;
  direction?: 'asc' | 'desc';
  symbols?: readonly string[];
  side?: OrderSide;
  /** Only orders submitted after this instant (exclusive). */
  afterMs?: number;
  /** Only orders submitted before this instant (exclusive). */
  untilMs?: number;
}

/** `GET /v2/orders` parameters as they arrive (query strings, or the Broker port's values). */
export interface SimListParams {
  status?: string | undefined;
  limit?: string | number | undefined;
  after?: string | undefined;
  until?: string | undefined;
  side?: string | undefined;
  direction?: string | undefined;
  symbols?: readonly string[] | string | undefined;
}

const unprocessable = (message: string): SimRejection => ({ status: 422, code: 40010001, message });

function instant(name: string, text: string | undefined): number | undefined | SimRejection {
  if (text === undefined || text === '') return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(ms) ? unprocessable(`invalid ${name} "${text}": use an RFC 3339 time or a date`) : ms;
}

/** Check listing parameters as Alpaca does: a known status and side, a limit of 1…500, valid times. */
export function parseListParams(
  params: SimListParams,
): { ok: true; query: SimListQuery } | { ok: false; rejection: SimRejection } {
  const fail = (rejection: SimRejection) => ({ ok: false as const, rejection });
  const status = params.status ?? 'open';
  if (status !== 'open' && status !== 'closed' && status !== 'all') {
    return fail(unprocessable('status must be open, closed or all'));
  }
  const limit = params.limit === undefined || params.limit === '' ? 50 : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    return fail(unprocessable(`invalid limit ${String(params.limit)}: limit must be between 1 and 500`));
  }
  const side = params.side;
  if (side !== undefined && side !== 'buy' && side !== 'sell')
    return fail(unprocessable('side must be buy or sell'));
  const afterMs = instant('after', params.after);
  if (typeof afterMs === 'object') return fail(afterMs);
  const untilMs = instant('until', params.until);
  if (typeof untilMs === 'object') return fail(untilMs);
  const symbols =
    typeof params.symbols === 'string' ? params.symbols.split(',').filter(Boolean) : params.symbols;
  return {
    ok: true,
    query: {
      status,
      limit,
      direction: params.direction === 'asc' ? 'asc' : 'desc',
      ...(symbols ? { symbols } : {}),
      ...(side ? { side } : {}),
      ...(afterMs === undefined ? {} : { afterMs }),
      ...(untilMs === undefined ? {} : { untilMs }),
    },
  };
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
      (!query.symbols || query.symbols.includes(o.symbol)) &&
      (!query.side || o.side === query.side) &&
      (query.afterMs === undefined || Date.parse(o.createdAt) > query.afterMs) &&
      (query.untilMs === undefined || Date.parse(o.createdAt) < query.untilMs),
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
