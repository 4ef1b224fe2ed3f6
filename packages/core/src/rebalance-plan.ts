import type { OrderAmount, OrderSide } from './broker-types.ts';
import { type BuyLeg, belowMinimum, buyLeg, costOf, fitBuys, sizeSell } from './order-sizing.ts';
import type { RebalancePolicy } from './policy.ts';
import { type PortfolioSnapshot, portfolioEquityUsd, priceOf, qtyOf } from './portfolio.ts';
import type { Targets } from './targets.ts';

/** How a plan turns drift into orders. */
export interface PlanOptions {
  /** Orders smaller than this are dropped (the original's $100). */
  minTradeUsd: number;
  /** Cash kept out of the market: a fixed amount plus a fraction of equity. */
  cashReserveUsd: number;
  cashReservePct: number;
  /** Trade all the way back to target, or only back to the edge of the band. */
  tradeTo: 'target' | 'band-edge';
  /** Holdings outside the targets: leave them alone, or sell them. */
  nonTargetHoldings: 'ignore' | 'liquidate';
  /** Symbols that must trade in whole shares (not fractionable, or whole shares chosen). */
  wholeShareSymbols?: ReadonlySet<string>;
  /** Never invest more than this much in total (live capital tier); null = no cap. */
  capitalCapUsd?: number | null;
  /**
   * Whole-share buys are sized as if the price were this fraction higher (0.001 = 0.1 %): slippage or a price
   * that moved between the plan and the fill never spends the cash reserve. Dollar orders spend exactly.
   */
  buyPriceAllowance?: number;
}

/** The defaults of the original system plus a small cash buffer so buys never fail for a few cents. */
export const DEFAULT_PLAN_OPTIONS: PlanOptions = Object.freeze({
  minTradeUsd: 100,
  cashReserveUsd: 0,
  cashReservePct: 0.005,
  tradeTo: 'target',
  nonTargetHoldings: 'ignore',
});

/** One order of a plan. `amount` is what goes to the broker; the estimates are at the snapshot's prices. */
export interface PlannedOrder {
  symbol: string;
  side: OrderSide;
  amount: OrderAmount;
  estimatedValueUsd: number;
  estimatedQty: number;
  priceUsd: number;
  /** Dollars the plan wanted this leg to trade before rounding and scaling (its distance to target). */
  wantUsd: number;
}

/** An order the plan wanted but left out, with why. */
export interface DroppedOrder {
  symbol: string;
  side: OrderSide;
  valueUsd: number;
  reason: string;
}

/** What to trade: sells (largest first) then buys (largest first). */
export interface RebalancePlan {
  sells: PlannedOrder[];
  buys: PlannedOrder[];
  dropped: DroppedOrder[];
  /** Cash plus every holding, ignored ones included. */
  equityUsd: number;
  /** The managed sleeve: equity minus the holdings the plan ignores. Risk limits and the reserve apply to it. */
  managedEquityUsd: number;
  /** Cash kept out of the market (`cashReserveUsd`), the one reserve the engine and the backtester use too. */
  reserveUsd: number;
  /** The dollars the targets apply to: equity minus reserve (and minus ignored holdings), capped. */
  investableUsd: number;
  /** Σ |estimated value| over every order. */
  turnoverUsd: number;
}

/** The inputs of a plan. */
export interface PlanInput {
  snapshot: PortfolioSnapshot;
  targets: Targets;
  options: PlanOptions;
  /** Needed for `tradeTo: 'band-edge'`. */
  policy?: RebalancePolicy;
}

/**
 * Plan the orders that bring the portfolio back to its targets. Sells never exceed holdings; buys are
 * scaled so they never exceed the cash the sells free up; no symbol trades both ways.
 */
export function planRebalance(input: PlanInput): RebalancePlan {
  const { snapshot, targets, options } = input;
  const ignored = options.nonTargetHoldings === 'ignore' ? nonTargetValueUsd(snapshot, targets) : 0;
  const equityUsd = portfolioEquityUsd(snapshot);
  const managedEquity = equityUsd - ignored;
  const reserveUsd = cashReserveUsd(managedEquity, options);
  let investableUsd = Math.max(0, managedEquity - reserveUsd);
  if (options.capitalCapUsd != null) investableUsd = Math.min(investableUsd, options.capitalCapUsd);

  const wanted: { symbol: string; deltaUsd: number; priceUsd: number }[] = [];
  const dropped: DroppedOrder[] = [];
  // Built without spreading iterables: plans run once per rebalance of every backtest, and spreads are slow.
  const symbolSet = new Set(Object.keys(targets));
  for (const holding of snapshot.holdings) symbolSet.add(holding.symbol);
  for (const symbol of Array.from(symbolSet).sort()) {
    const weight = targets[symbol] ?? 0;
    if (weight === 0 && options.nonTargetHoldings === 'ignore') continue;
    const priceUsd = priceOf(snapshot, symbol);
    if (priceUsd === undefined || !(priceUsd > 0)) {
      throw new RangeError(
        `no price for ${symbol}: a plan needs a positive price for every symbol it trades`,
      );
    }
    const currentUsd = qtyOf(snapshot, symbol) * priceUsd;
    const goalUsd = goalValueUsd({
      weight,
      currentUsd,
      investableUsd,
      managedEquity,
      options,
      policy: input.policy,
    });
    wanted.push({ symbol, deltaUsd: goalUsd - currentUsd, priceUsd });
  }

  const sells: PlannedOrder[] = [];
  for (const want of wanted.filter((w) => w.deltaUsd < 0)) {
    const order = sizeSell(snapshot, want.symbol, -want.deltaUsd, want.priceUsd, targets, options);
    if (order.estimatedValueUsd < options.minTradeUsd && !isFullExit(snapshot, order)) {
      dropped.push({
        symbol: want.symbol,
        side: 'sell',
        valueUsd: -want.deltaUsd,
        reason: belowMinimum(options),
      });
    } else if (order.estimatedQty > 0) sells.push(order);
  }

  const cashAfterSellsUsd =
    snapshot.cashUsd + sells.reduce((total, order) => total + order.estimatedValueUsd, 0);
  const legs: BuyLeg[] = [];
  for (const want of wanted.filter((w) => w.deltaUsd > 0)) {
    const whole = options.wholeShareSymbols?.has(want.symbol) ?? false;
    const sizingPriceUsd = whole ? want.priceUsd * (1 + (options.buyPriceAllowance ?? 0)) : want.priceUsd;
    const leg = buyLeg(want.symbol, want.deltaUsd, sizingPriceUsd, whole);
    const costUsd = costOf(leg.amount, leg.priceUsd);
    if (costUsd >= options.minTradeUsd && costUsd > 0) legs.push(leg);
    else {
      const reason =
        costUsd > 0 ? belowMinimum(options) : `less than one whole share at $${want.priceUsd.toFixed(2)}`;
      dropped.push({ symbol: want.symbol, side: 'buy', valueUsd: want.deltaUsd, reason });
    }
  }
  const fitted = fitBuys(legs, cashAfterSellsUsd - reserveUsd - (snapshot.pendingBuysUsd ?? 0), options);
  dropped.push(...fitted.dropped);
  const { buys } = fitted;

  sells.sort((a, b) => b.estimatedValueUsd - a.estimatedValueUsd || a.symbol.localeCompare(b.symbol));
  const turnoverUsd = [...sells, ...buys].reduce((total, order) => total + order.estimatedValueUsd, 0);
  return {
    sells,
    buys,
    dropped,
    equityUsd,
    managedEquityUsd: managedEquity,
    reserveUsd,
    investableUsd,
    turnoverUsd,
  };
}

/**
 * The cash reserve: a fixed amount plus a share of the managed sleeve (never of ignored holdings, whose size
 * must not change how much of the portfolio is invested), at most the sleeve itself.
 */
export function cashReserveUsd(
  managedEquityUsd: number,
  options: Pick<PlanOptions, 'cashReserveUsd' | 'cashReservePct'>,
): number {
  const reserveUsd = options.cashReserveUsd + options.cashReservePct * managedEquityUsd;
  return Math.max(0, Math.min(managedEquityUsd, reserveUsd));
}

function goalValueUsd(args: {
  weight: number;
  currentUsd: number;
  investableUsd: number;
  managedEquity: number;
  options: PlanOptions;
  policy: RebalancePolicy | undefined;
}): number {
  const { weight, currentUsd, investableUsd, managedEquity, options, policy } = args;
  const targetUsd = investableUsd * weight;
  if (options.tradeTo === 'target' || weight === 0 || !policy || !(managedEquity > 0)) return targetUsd;
  const halfWidth = bandHalfWidth(weight, policy);
  if (halfWidth === null) return targetUsd;
  const currentWeight = currentUsd / managedEquity;
  // Aim just inside the edge so the next check does not see a drift of exactly the band.
  const inside = halfWidth * 0.98;
  if (currentWeight > weight + halfWidth) return Math.max(targetUsd, (weight + inside) * managedEquity);
  if (currentWeight < weight - halfWidth) return Math.min(targetUsd, (weight - inside) * managedEquity);
  return currentUsd;
}

/** The tightest configured band around a target weight, in weight units; null when no band is set. */
export function bandHalfWidth(weight: number, policy: RebalancePolicy): number | null {
  const widths = [
    policy.absoluteBand,
    policy.relativeBand === null ? null : policy.relativeBand * weight,
  ].filter((width): width is number => width !== null);
  return widths.length > 0 ? Math.min(...widths) : null;
}

function isFullExit(snapshot: PortfolioSnapshot, order: PlannedOrder): boolean {
  return order.estimatedQty > 0 && order.estimatedQty === qtyOf(snapshot, order.symbol);
}

function nonTargetValueUsd(snapshot: PortfolioSnapshot, targets: Targets): number {
  let total = 0;
  for (const holding of snapshot.holdings) {
    if (!((targets[holding.symbol] ?? 0) > 0)) total += holding.qty * holding.priceUsd;
  }
  return total;
}
