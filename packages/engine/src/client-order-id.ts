import type { OrderSide } from '@dalio-lite/core';

/** Alpaca's older documented limit, kept so ids work on every Alpaca API version. */
export const MAX_CLIENT_ORDER_ID_LENGTH = 48;

/**
 * The deterministic client order id of one leg of one rebalance attempt, e.g. `dl-20250926-a0-VTI-sell`.
 * It holds no pid, run id or amount, so two racing processes compute the same id and the broker refuses
 * the second order as a duplicate.
 */
export function clientOrderId(
  prefix: string,
  day: string,
  attempt: number,
  symbol: string,
  side: OrderSide,
): string {
  const id = `${prefix}-${day.replaceAll('-', '')}-a${attempt}-${symbol.replaceAll('.', '_')}-${side}`;
  if (id.length > MAX_CLIENT_ORDER_ID_LENGTH || !/^[A-Za-z0-9_-]+$/.test(id)) {
    throw new RangeError(
      `client order id "${id}" is not ≤ ${MAX_CLIENT_ORDER_ID_LENGTH} chars of [A-Za-z0-9_-]`,
    );
  }
  return id;
}

/** True when an id was made by `clientOrderId` with this prefix (our orders, not the user's own). */
export function isOwnClientOrderId(prefix: string, id: string): boolean {
  return id.startsWith(`${prefix}-`) && /-a\d+-[A-Za-z0-9_]+-(buy|sell)$/.test(id);
}

/** The parts of one of our client order ids: the trading day (`YYYY-MM-DD`), the attempt and the side. */
export function parseClientOrderId(
  prefix: string,
  id: string,
): { day: string; attempt: number; side: OrderSide } | null {
  if (!isOwnClientOrderId(prefix, id)) return null;
  const match = /^-(\d{4})(\d{2})(\d{2})-a(\d+)-[A-Za-z0-9_]+-(buy|sell)$/.exec(id.slice(prefix.length));
  if (!match) return null;
  const [, year, month, day, attempt, side] = match;
  return { day: `${year}-${month}-${day}`, attempt: Number(attempt), side: side as OrderSide };
}
