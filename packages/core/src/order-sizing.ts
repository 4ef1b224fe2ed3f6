import type { OrderAmount } from './broker-types.ts';
import { floorCents, floorQty, formatQty, formatUsd } from './money.ts';
import type { PortfolioSnapshot } from './portfolio.ts';
import { qtyOf } from './portfolio.ts';
import type { DroppedOrder, PlannedOrder, PlanOptions } from './rebalance-plan.ts';
import type { Targets } from './targets.ts';

/** A buy leg before it meets the cash: what it buys, the price to size it at, and how far below target it is. */
export interface BuyLeg {
  symbol: string;
  /** Whole shares (`qty`) or dollars (`notional`), as planned. */
  amount: OrderAmount;
  priceUsd: number;
  /** Dollars the symbol is below its target, before rounding: extra whole shares stop once it is reached. */
  wantUsd: number;
}

/** Buys fitted to the cash: what to send, what was left out and why, and the dollars left unspent. */
export interface FittedBuys {
  buys: PlannedOrder[];
  dropped: DroppedOrder[];
  leftoverUsd: number;
}

/** Absorbs floating-point noise when comparing dollar amounts. */
const EPSILON_USD = 1e-9;

/** A leg at its final size: whole shares or dollars, as numbers. */
type SizedLeg = { leg: BuyLeg; shares: number; usd?: never } | { leg: BuyLeg; usd: number; shares?: never };

/**
 * Fit buy legs to the cash actually available, the one sizing rule of the plan, the engine (after the sells)
 * and the backtester. Legs stay exactly as planned while the cash pays for all of them — a leg planned in
 * shares never shrinks because a price moved a cent. Only when it does not, every leg is scaled down by one
 * factor and rounded down (whole shares, cents). Cash still left after the rounding then buys further whole
 * shares, one at a time, of the whole-share leg furthest below its target, while one share fits and some leg
 * is still below target — so a shortfall of a cent costs one share of one leg, not a share of every leg. A
 * leg left smaller than planned and under the minimum trade is dropped.
 */
export function fitBuys(
  legs: readonly BuyLeg[],
  availableUsd: number,
  options: Pick<PlanOptions, 'minTradeUsd'>,
): FittedBuys {
  const budgetUsd = Math.max(0, availableUsd);
  const totalUsd = legs.reduce((total, leg) => total + costOf(leg.amount, leg.priceUsd), 0);
  const scale = totalUsd > budgetUsd + EPSILON_USD ? budgetUsd / totalUsd : 1;
  const sized = legs.map((leg) => scaleLeg(leg, scale));
  let leftoverUsd = topUp(sized, budgetUsd - sized.reduce((total, leg) => total + sizedCost(leg), 0));
  const dropped: DroppedOrder[] = [];
  const kept = sized.filter((leg) => {
    const costUsd = sizedCost(leg);
    const shrunk = costUsd < costOf(leg.leg.amount, leg.leg.priceUsd) - EPSILON_USD;
    if (costUsd > EPSILON_USD && !(shrunk && costUsd < options.minTradeUsd)) return true;
    leftoverUsd += costUsd;
    const reason = `${belowMinimum(options)} after scaling buys to available cash`;
    dropped.push({ symbol: leg.leg.symbol, side: 'buy', valueUsd: leg.leg.wantUsd, reason });
    return false;
  });
  if (kept.length < sized.length) leftoverUsd = topUp(kept, leftoverUsd);
  const buys = kept.map(buyOrder);
  buys.sort((a, b) => b.estimatedValueUsd - a.estimatedValueUsd || a.symbol.localeCompare(b.symbol));
  return { buys, dropped, leftoverUsd: Math.max(0, leftoverUsd) };
}

/** Spend `leftoverUsd` on whole shares of the legs furthest below target; returns what is left. */
function topUp(sized: readonly SizedLeg[], leftoverUsd: number): number {
  let left = leftoverUsd;
  for (let next = furthestBelowTarget(sized, left); next; next = furthestBelowTarget(sized, left)) {
    next.shares += 1;
    left -= next.leg.priceUsd;
  }
  return left;
}

/** The planned leg of a buy: whole shares floored, or dollars floored to cents. */
export function buyLeg(symbol: string, wantUsd: number, priceUsd: number, whole: boolean): BuyLeg {
  const amount: OrderAmount = whole
    ? { kind: 'qty', shares: String(Math.floor(wantUsd / priceUsd + EPSILON_USD)) }
    : { kind: 'notional', usd: formatUsd(wantUsd) };
  return { symbol, amount, priceUsd, wantUsd };
}

/** What a planned amount costs at a price: shares × price, or the dollars themselves. */
export function costOf(amount: OrderAmount, priceUsd: number): number {
  return amount.kind === 'qty' ? Number(amount.shares) * priceUsd : Number(amount.usd);
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
    wantUsd: valueUsd,
  };
}

/** The reason text for an order under the minimum trade. */
export function belowMinimum(options: Pick<PlanOptions, 'minTradeUsd'>): string {
  return `below the minimum trade of $${options.minTradeUsd}`;
}

function scaleLeg(leg: BuyLeg, scale: number): SizedLeg {
  if (leg.amount.kind === 'qty') {
    const shares = Number(leg.amount.shares);
    return { leg, shares: scale < 1 ? Math.floor(shares * scale + EPSILON_USD) : shares };
  }
  const usd = Number(leg.amount.usd);
  return { leg, usd: scale < 1 ? floorCents(usd * scale) : usd };
}

function sizedCost(sized: SizedLeg): number {
  return sized.shares === undefined ? sized.usd : sized.shares * sized.leg.priceUsd;
}

/** The whole-share leg furthest below its target whose next share fits in `leftoverUsd`, if any. */
function furthestBelowTarget(
  kept: readonly SizedLeg[],
  leftoverUsd: number,
): { leg: BuyLeg; shares: number } | null {
  let best: { leg: BuyLeg; shares: number } | null = null;
  let bestGapUsd = EPSILON_USD;
  for (const sized of kept) {
    if (sized.shares === undefined || sized.leg.priceUsd > leftoverUsd + EPSILON_USD) continue;
    const gapUsd = sized.leg.wantUsd - sized.shares * sized.leg.priceUsd;
    if (gapUsd > bestGapUsd) {
      best = sized;
      bestGapUsd = gapUsd;
    }
  }
  return best;
}

function buyOrder(sized: SizedLeg): PlannedOrder {
  const { leg } = sized;
  const whole = sized.shares !== undefined;
  const amount: OrderAmount = whole
    ? { kind: 'qty', shares: String(sized.shares) }
    : { kind: 'notional', usd: formatUsd(sized.usd) };
  const valueUsd = whole ? sized.shares * leg.priceUsd : sized.usd;
  // One literal, not a spread of a shared base: V8 clones a spread object on a slow path (backtests plan a lot).
  return {
    symbol: leg.symbol,
    side: 'buy',
    priceUsd: leg.priceUsd,
    wantUsd: leg.wantUsd,
    amount,
    estimatedValueUsd: valueUsd,
    estimatedQty: whole ? sized.shares : valueUsd / leg.priceUsd,
  };
}
