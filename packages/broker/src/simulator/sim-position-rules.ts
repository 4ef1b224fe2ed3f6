import { toDecimalString } from '../decimal.ts';
import type { SimAsset, SimRejection } from './sim-order-rules.ts';
import type { SimOrder, SimPositionIntent } from './sim-state.ts';

/** What the position rules read about the account, as it truly is (not as its lagging reads show it). */
export interface PositionCheckContext {
  openOrders: readonly SimOrder[];
  /** The signed position in a symbol (negative short, 0 none). */
  positionQty: (symbol: string) => number;
  /** Shares of a symbol held by the account's orders of one side (open, or canceled a moment ago). */
  heldQty: (symbol: string, side: 'buy' | 'sell', priceUsd: number) => number;
  buyingPowerUsd: number;
  /** A margin account with $2,000 or more equity. */
  shortingEnabled: boolean;
}

/** The order as the position rules see it; `qty` is the notional over the price for a notional order. */
export interface PositionCheckOrder {
  asset: SimAsset;
  side: 'buy' | 'sell';
  qty: number;
  notionalUsd: number | null;
  fractional: boolean;
  priceUsd: number;
}

/** What the order does to the position, and the buying power it holds while open. */
export type PositionCheck =
  | { ok: true; intent: SimPositionIntent; reservedUsd: number }
  | { ok: false; rejection: SimRejection };

/** Alpaca values an opening short sale at 3 % above the price for its buying-power check. */
const SHORT_COLLAR = 1.03;

const forbidden = (message: string): SimRejection => ({ status: 403, code: 40310000, message });

function insufficientQty(requested: number, available: number): SimRejection {
  const shown = (n: number) => toDecimalString(Math.max(0, n), 9);
  return forbidden(
    `insufficient qty available for order (requested: ${shown(requested)}, available: ${shown(available)})`,
  );
}

/**
 * Alpaca's position rules. A sell against a long position may sell what is not held by open sells, never more
 * (no flip to short in one order); a sell without a long position opens a short, only whole shares, only in a
 * margin account that may short, only in an easy-to-borrow asset, within buying power at 103 % of the price.
 * A buy against a short covers it, never more; any other buy must fit the buying power.
 */
export function checkPosition(order: PositionCheckOrder, context: PositionCheckContext): PositionCheck {
  const { asset, side, qty, priceUsd } = order;
  const held = context.positionQty(asset.symbol);
  if (side === 'sell' && held > 0) {
    const available = held - context.heldQty(asset.symbol, 'sell', priceUsd);
    if (qty > available + 1e-9) return { ok: false, rejection: insufficientQty(qty, available) };
    return { ok: true, intent: 'sell_to_close', reservedUsd: 0 };
  }
  if (side === 'buy' && held < 0) {
    const available = -held - context.heldQty(asset.symbol, 'buy', priceUsd);
    if (qty > available + 1e-9) return { ok: false, rejection: insufficientQty(qty, available) };
    return { ok: true, intent: 'buy_to_close', reservedUsd: 0 };
  }
  if (side === 'sell') {
    if (order.fractional)
      return { ok: false, rejection: forbidden('fractional orders are not allowed to short') };
    if (!context.shortingEnabled) return { ok: false, rejection: insufficientQty(qty, 0) };
    if (!asset.shortable || !asset.easyToBorrow) {
      return {
        ok: false,
        rejection: { status: 422, code: 42210000, message: `asset "${asset.symbol}" cannot be sold short` },
      };
    }
    const costUsd = qty * priceUsd * SHORT_COLLAR;
    if (costUsd > context.buyingPowerUsd + 1e-9)
      return { ok: false, rejection: forbidden('insufficient buying power') };
    return { ok: true, intent: 'sell_to_open', reservedUsd: costUsd };
  }
  const costUsd = order.notionalUsd ?? qty * priceUsd;
  if (costUsd > context.buyingPowerUsd + 1e-9)
    return { ok: false, rejection: forbidden('insufficient buying power') };
  return { ok: true, intent: 'buy_to_open', reservedUsd: costUsd };
}
