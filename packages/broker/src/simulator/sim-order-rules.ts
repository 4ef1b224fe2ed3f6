import type { OrderSide } from '@dalio-lite/core';
import { decimalPlaces, parseDecimalString } from '../decimal.ts';
import type { SimAccount, SimOrder } from './sim-state.ts';

/** An order request as it arrives (wire values not yet trusted). */
export interface SimOrderInput {
  clientOrderId?: string | null;
  symbol?: unknown;
  side?: unknown;
  type?: unknown;
  timeInForce?: unknown;
  qty?: unknown;
  notional?: unknown;
}

/** Alpaca's answer to a refused order: HTTP status, its error code, message. */
export interface SimRejection {
  status: number;
  code: number;
  message: string;
}

/** A checked order ready to enter the book. */
export interface CheckedOrder {
  clientOrderId: string | null;
  symbol: string;
  side: OrderSide;
  qty: string | null;
  notional: string | null;
  timeInForce: 'day' | 'gtc';
  reservedUsd: number;
}

/** What an asset allows. */
export interface SimAsset {
  symbol: string;
  tradable: boolean;
  fractionable: boolean;
}

/** What the checks need to know about the account and the market. */
export interface OrderCheckContext {
  account: SimAccount;
  openOrders: readonly SimOrder[];
  clientOrderIdTaken: (clientOrderId: string) => boolean;
  asset: (symbol: string) => SimAsset | null;
  priceUsd: (symbol: string) => number | null;
  buyingPowerUsd: number;
}

const invalid = (message: string): SimRejection => ({ status: 422, code: 42210000, message });
const forbidden = (message: string): SimRejection => ({ status: 403, code: 40310000, message });

/** Apply Alpaca's order rules; the first rule that fails decides the rejection. */
export function checkOrder(
  input: SimOrderInput,
  context: OrderCheckContext,
): { ok: true; order: CheckedOrder } | { ok: false; rejection: SimRejection } {
  const fail = (rejection: SimRejection) => ({ ok: false as const, rejection });
  const clientOrderId = input.clientOrderId ?? null;
  if (clientOrderId !== null) {
    if (typeof clientOrderId !== 'string' || clientOrderId.length === 0 || clientOrderId.length > 128) {
      return fail({ status: 422, code: 40010001, message: 'client_order_id must be 1 to 128 characters' });
    }
    if (context.clientOrderIdTaken(clientOrderId)) {
      return fail({ status: 422, code: 40010001, message: 'client_order_id must be unique' });
    }
  }
  if (input.side !== 'buy' && input.side !== 'sell') return fail(invalid('side must be buy or sell'));
  const side = input.side;
  if ((input.type ?? 'market') !== 'market') return fail(invalid('the simulator accepts market orders only'));
  const timeInForce = input.timeInForce ?? 'day';
  if (timeInForce !== 'day' && timeInForce !== 'gtc')
    return fail(invalid('time_in_force must be day or gtc'));
  if (typeof input.symbol !== 'string' || input.symbol === '') return fail(invalid('symbol is required'));
  const asset = context.asset(input.symbol);
  if (!asset) return fail(invalid(`asset "${input.symbol}" not found`));
  if (!asset.tradable) return fail(invalid(`asset "${asset.symbol}" is not tradable`));
  const hasQty = input.qty !== undefined && input.qty !== null;
  const hasNotional = input.notional !== undefined && input.notional !== null;
  if (hasQty === hasNotional) return fail(invalid('exactly one of qty or notional is required'));
  const amountText = hasQty ? input.qty : input.notional;
  const amount = parseDecimalString(amountText);
  if (amount === null || amount <= 0 || decimalPlaces(amountText as string) > 9) {
    return fail(invalid(`invalid ${hasQty ? 'qty' : 'notional'} "${String(amountText)}"`));
  }
  const price = context.priceUsd(asset.symbol);
  if (price === null || !(price > 0)) return fail(invalid(`no price for "${asset.symbol}"`));
  const fractional = hasNotional || !Number.isInteger(amount);
  const costUsd = hasNotional ? amount : amount * price;
  if (fractional) {
    if (timeInForce !== 'day') return fail(invalid('fractional orders must be DAY orders'));
    if (!asset.fractionable) return fail(invalid('requested asset is not fractionable'));
    if (costUsd < 1) return fail(forbidden('cost basis must be >= 1'));
  }
  const opposite = context.openOrders.some((o) => o.symbol === asset.symbol && o.side !== side);
  if (opposite) return fail(forbidden('potential wash trade detected. use complex orders'));
  if (side === 'buy' && costUsd > context.buyingPowerUsd + 1e-9) {
    return fail(forbidden('insufficient buying power'));
  }
  if (side === 'sell') {
    const held = context.account.positions[asset.symbol]?.qty ?? 0;
    const pending = context.openOrders
      .filter((o) => o.symbol === asset.symbol && o.side === 'sell')
      .reduce((sum, o) => sum + (Number(o.qty ?? 0) || Number(o.notional ?? 0) / price) - o.filledQty, 0);
    const available = held - pending;
    const wanted = hasQty ? amount : amount / price;
    if (wanted > available + 1e-9) {
      return fail(
        forbidden(`insufficient qty available for order (requested: ${wanted}, available: ${available})`),
      );
    }
  }
  return {
    ok: true,
    order: {
      clientOrderId,
      symbol: asset.symbol,
      side,
      qty: hasQty ? (amountText as string) : null,
      notional: hasNotional ? (amountText as string) : null,
      timeInForce,
      reservedUsd: side === 'buy' ? costUsd : 0,
    },
  };
}
