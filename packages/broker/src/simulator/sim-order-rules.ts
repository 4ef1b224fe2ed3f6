import type { OrderSide } from '@dalio-lite/core';
import { decimalPlaces, parseDecimalString } from '../decimal.ts';
import { checkPosition, type PositionCheckContext } from './sim-position-rules.ts';
import type { SimPositionIntent } from './sim-state.ts';

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
  positionIntent: SimPositionIntent;
}

/** What an asset allows. */
export interface SimAsset {
  symbol: string;
  tradable: boolean;
  fractionable: boolean;
  /** May be sold short (Alpaca shorts only easy-to-borrow assets). */
  shortable: boolean;
  easyToBorrow: boolean;
}

/** What the checks need to know about the account and the market. */
export interface OrderCheckContext extends PositionCheckContext {
  clientOrderIdTaken: (clientOrderId: string) => boolean;
  asset: (symbol: string) => SimAsset | null;
  priceUsd: (symbol: string) => number | null;
}

const invalid = (message: string): SimRejection => ({ status: 422, code: 42210000, message });
const forbidden = (message: string): SimRejection => ({ status: 403, code: 40310000, message });

type Checked = { ok: true; order: CheckedOrder } | { ok: false; rejection: SimRejection };

/** Apply Alpaca's order rules; the first rule that fails decides the rejection. */
export function checkOrder(input: SimOrderInput, context: OrderCheckContext): Checked {
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
  if (fractional) {
    if (timeInForce !== 'day') return fail(invalid('fractional orders must be DAY orders'));
    if (!asset.fractionable) return fail(invalid('requested asset is not fractionable'));
    if ((hasNotional ? amount : amount * price) < 1) return fail(forbidden('cost basis must be >= 1'));
  }
  const opposite = context.openOrders.some((o) => o.symbol === asset.symbol && o.side !== side);
  if (opposite) return fail(forbidden('potential wash trade detected. use complex orders'));
  const position = checkPosition(
    {
      asset,
      side,
      qty: hasQty ? amount : amount / price,
      notionalUsd: hasNotional ? amount : null,
      fractional,
      priceUsd: price,
    },
    context,
  );
  if (!position.ok) return fail(position.rejection);
  return {
    ok: true,
    order: {
      clientOrderId,
      symbol: asset.symbol,
      side,
      qty: hasQty ? (amountText as string) : null,
      notional: hasNotional ? (amountText as string) : null,
      timeInForce,
      reservedUsd: position.reservedUsd,
      positionIntent: position.intent,
    },
  };
}
