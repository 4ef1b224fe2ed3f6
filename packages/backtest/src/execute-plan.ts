import {
  fitBuys,
  type OrderAmount,
  type OrderSide,
  type PlanOptions,
  type RebalancePlan,
} from '@dalio-lite/core';

/** One simulated fill. `priceUsd` includes slippage; `valueUsd` is qty × the unslipped close. */
export interface SimulatedFill {
  symbol: string;
  side: OrderSide;
  /** The order as sent: the plan's amount for a sell, the amount re-sized to the cash after sells for a buy. */
  amount: OrderAmount;
  qty: number;
  priceUsd: number;
  valueUsd: number;
  feeUsd: number;
  slippageUsd: number;
}

/** The mutable account of a replay: cash and shares per symbol (index-aligned with the symbol list). */
export interface ReplayAccount {
  cashUsd: number;
  qty: Float64Array;
}

/** What filling a plan needs: where each symbol sits, the fill-day closes, and the trading costs. */
export interface ExecutePlanInput {
  plan: RebalancePlan;
  account: ReplayAccount;
  symbolIndex: ReadonlyMap<string, number>;
  /** Adjusted close per symbol index on the fill day. */
  closeAt: (symbolIndex: number) => number;
  planOptions: PlanOptions;
  feePerOrderUsd: number;
  slippageBps: number;
}

/**
 * Fill a plan the way the engine does: sells first (fixed quantities), then fit the planned buys with core's
 * `fitBuys` to the cash actually left after sells, fees and the plan's reserve, then buy. Notional buys spend
 * exactly their amount; whole-share buys pay qty × slipped price, so their budget is shrunk by the slippage
 * first. Cash moves in whole cents per fill, as at the broker, so the engine's re-read cash and ours are equal.
 */
export function executePlan(input: ExecutePlanInput): SimulatedFill[] {
  const { plan, account, symbolIndex, closeAt, planOptions, feePerOrderUsd } = input;
  const slip = input.slippageBps / 10_000;
  const fills: SimulatedFill[] = [];
  for (const order of plan.sells) {
    const index = indexOf(symbolIndex, order.symbol);
    const close = closeAt(index);
    const qty = Math.min(order.estimatedQty, account.qty[index] as number);
    const price = close * (1 - slip);
    account.qty[index] = (account.qty[index] as number) - qty;
    account.cashUsd += settleCents(qty * price) - feePerOrderUsd;
    fills.push(fill(order.symbol, 'sell', order.amount, qty, close, price, feePerOrderUsd));
  }
  if (plan.buys.length === 0) return fills;
  const legs = plan.buys.map((order) => ({
    symbol: order.symbol,
    amount: order.amount,
    priceUsd: closeAt(indexOf(symbolIndex, order.symbol)),
    wantUsd: order.wantUsd,
  }));
  const plannedUsd = plan.buys.reduce((total, order) => total + order.estimatedValueUsd, 0);
  let availableUsd = account.cashUsd - plan.reserveUsd - feePerOrderUsd * plan.buys.length;
  // Summation order can differ from the plan's by an ulp; that must not shave a cent off an exact fit.
  if (Math.abs(availableUsd - plannedUsd) < 1e-6) availableUsd = Math.max(availableUsd, plannedUsd);
  if (planOptions.wholeShareSymbols && planOptions.wholeShareSymbols.size > 0) availableUsd /= 1 + slip;
  for (const order of fitBuys(legs, availableUsd, planOptions).buys) {
    const index = indexOf(symbolIndex, order.symbol);
    const close = order.priceUsd;
    const price = close * (1 + slip);
    const qty = order.amount.kind === 'notional' ? order.estimatedValueUsd / price : order.estimatedQty;
    const spentUsd = order.amount.kind === 'notional' ? order.estimatedValueUsd : settleCents(qty * price);
    account.qty[index] = (account.qty[index] as number) + qty;
    account.cashUsd -= spentUsd + feePerOrderUsd;
    fills.push(fill(order.symbol, 'buy', order.amount, qty, close, price, feePerOrderUsd));
  }
  return fills;
}

/** A fill's cash amount as a broker books it: whole cents, half up (as Alpaca and the simulator do). */
function settleCents(usd: number): number {
  return Math.round(usd * 100 + 1e-7) / 100;
}

function fill(
  symbol: string,
  side: OrderSide,
  amount: OrderAmount,
  qty: number,
  close: number,
  price: number,
  feeUsd: number,
): SimulatedFill {
  return {
    symbol,
    side,
    amount,
    qty,
    priceUsd: price,
    valueUsd: qty * close,
    feeUsd,
    slippageUsd: Math.abs(qty * (price - close)),
  };
}

function indexOf(symbolIndex: ReadonlyMap<string, number>, symbol: string): number {
  const index = symbolIndex.get(symbol);
  if (index === undefined) throw new RangeError(`plan names ${symbol}, which is not a backtest symbol`);
  return index;
}
