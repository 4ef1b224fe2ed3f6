import { floorCents, floorQty, formatQty, formatUsd } from './money.ts';
import type { PortfolioSnapshot } from './portfolio.ts';
import { qtyOf } from './portfolio.ts';
import type { DroppedOrder, PlannedOrder, PlanOptions } from './rebalance-plan.ts';
import type { Targets } from './targets.ts';

/** A buy the plan wants, before sizing. */
export interface BuyWant {
  symbol: string;
  valueUsd: number;
  priceUsd: number;
}

/**
 * Size buys to the cash actually available: scale every buy by the same factor when they do not fit,
 * round down, and drop what falls under the minimum trade. Used by the plan and again by the engine
 * after the sells have filled.
 */
export function scaleBuys(
  wants: readonly BuyWant[],
  availableUsd: number,
  options: Pick<PlanOptions, 'minTradeUsd' | 'wholeShareSymbols'>,
  dropped: DroppedOrder[] = [],
): PlannedOrder[] {
  const totalUsd = wants.reduce((total, want) => total + want.valueUsd, 0);
  const scale = totalUsd > availableUsd ? Math.max(0, availableUsd) / totalUsd : 1;
  const buys: PlannedOrder[] = [];
  for (const want of wants) {
    const order = sizeBuy(want.symbol, want.valueUsd * scale, want.priceUsd, options);
    if (order.estimatedValueUsd < options.minTradeUsd || order.estimatedQty <= 0) {
      const reason =
        scale < 1 ? `${belowMinimum(options)} after scaling buys to available cash` : belowMinimum(options);
      dropped.push({ symbol: want.symbol, side: 'buy', valueUsd: want.valueUsd, reason });
    } else buys.push(order);
  }
  return buys.sort((a, b) => b.estimatedValueUsd - a.estimatedValueUsd || a.symbol.localeCompare(b.symbol));
}

/** Size a sell: never more than held; a non-target exit sells the exact quantity held. */
export function sizeSell(
  snapshot: PortfolioSnapshot,
  symbol: string,
  valueUsd: number,
  priceUsd: number,
  targets: Targets,
  options: PlanOptions,
): PlannedOrder {
  const heldQty = qtyOf(snapshot, symbol);
  const exit = (targets[symbol] ?? 0) === 0;
  const whole = options.wholeShareSymbols?.has(symbol) ?? false;
  let qty = exit ? heldQty : Math.min(heldQty, valueUsd / priceUsd);
  qty = whole && !exit ? Math.floor(qty + 1e-9) : floorQty(qty);
  if (qty > heldQty) qty = heldQty;
  return {
    symbol,
    side: 'sell',
    amount: { kind: 'qty', shares: formatQty(qty) },
    estimatedValueUsd: qty * priceUsd,
    estimatedQty: qty,
    priceUsd,
  };
}

/** Size a buy: dollars floored to cents, or whole shares floored. */
export function sizeBuy(
  symbol: string,
  valueUsd: number,
  priceUsd: number,
  options: Pick<PlanOptions, 'wholeShareSymbols'>,
): PlannedOrder {
  if (options.wholeShareSymbols?.has(symbol)) {
    const qty = Math.floor(valueUsd / priceUsd + 1e-9);
    return {
      symbol,
      side: 'buy',
      amount: { kind: 'qty', shares: String(qty) },
      estimatedValueUsd: qty * priceUsd,
      estimatedQty: qty,
      priceUsd,
    };
  }
  const usd = floorCents(valueUsd);
  return {
    symbol,
    side: 'buy',
    amount: { kind: 'notional', usd: formatUsd(usd) },
    estimatedValueUsd: usd,
    estimatedQty: usd / priceUsd,
    priceUsd,
  };
}

/** The reason text for an order under the minimum trade. */
export function belowMinimum(options: Pick<PlanOptions, 'minTradeUsd'>): string {
  return `below the minimum trade of $${options.minTradeUsd}`;
}
