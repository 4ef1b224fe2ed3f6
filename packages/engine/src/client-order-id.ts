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
