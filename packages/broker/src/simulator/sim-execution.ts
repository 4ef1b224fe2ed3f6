import { isTerminalOrderStatus } from '@dalio-lite/core';
import { roundTo } from '../decimal.ts';
import { nextOpeningSession } from './market-hours.ts';
import type { PriceFeed } from './price-feed.ts';
import type { SimFill, SimOrder, SimState } from './sim-state.ts';

/** What order execution needs besides the state. */
export interface ExecutionContext {
  state: SimState;
  prices: PriceFeed;
  random: () => number;
  slippageBps: number;
  partialFillDelayMs: number;
  onFill?: (fill: SimFill) => void;
}

type Step = { atMs: number; run: () => void };

const iso = (ms: number) => new Date(ms).toISOString();

function floorQty(qty: number): number {
  return Math.floor(qty * 1e9 + 1e-4) / 1e9;
}

function fillPrice(context: ExecutionContext, order: SimOrder, atMs: number): number {
  const base = context.prices.priceAt(order.symbol, atMs) ?? Number.NaN;
  if (context.slippageBps <= 0) return roundTo(base, 4);
  const slip = (context.slippageBps / 10_000) * context.random();
  return roundTo(base * (order.side === 'buy' ? 1 + slip : 1 - slip), 4);
}

function finish(order: SimOrder, status: 'rejected' | 'expired' | 'canceled', atMs: number): void {
  order.status = status;
  order.updatedAt = iso(atMs);
  order.reservedUsd = 0;
  if (status === 'rejected') order.failedAt = iso(atMs);
  if (status === 'expired') order.expiredAt = iso(atMs);
  if (status === 'canceled') order.canceledAt = iso(atMs);
}

function execute(
  context: ExecutionContext,
  order: SimOrder,
  qty: number,
  priceUsd: number,
  atMs: number,
): void {
  const account = context.state.accounts[order.accountId];
  if (!account) throw new Error(`order ${order.id} belongs to unknown account ${order.accountId}`);
  const valueUsd = roundTo(qty * priceUsd, 2);
  const position = account.positions[order.symbol] ?? { qty: 0, costBasisUsd: 0 };
  if (order.side === 'buy') {
    account.cashUsd = roundTo(account.cashUsd - valueUsd, 2);
    position.qty = roundTo(position.qty + qty, 9);
    position.costBasisUsd += valueUsd;
  } else {
    account.cashUsd = roundTo(account.cashUsd + valueUsd, 2);
    position.costBasisUsd *= position.qty > 0 ? 1 - qty / position.qty : 0;
    position.qty = roundTo(position.qty - qty, 9);
  }
  if (position.qty > 0) account.positions[order.symbol] = position;
  else delete account.positions[order.symbol];
  const filledBefore = order.filledQty;
  order.filledQty = roundTo(filledBefore + qty, 9);
  order.filledAvgPriceUsd =
    ((order.filledAvgPriceUsd ?? 0) * filledBefore + priceUsd * qty) / order.filledQty;
  order.reservedUsd = Math.max(0, order.reservedUsd - valueUsd);
  order.updatedAt = iso(atMs);
  order.filledAt = iso(atMs);
  order.status = order.filledQty >= (order.targetQty ?? 0) - 1e-12 ? 'filled' : 'partially_filled';
  if (order.status === 'filled') order.reservedUsd = 0;
  const fill: SimFill = {
    orderId: order.id,
    clientOrderId: order.clientOrderId,
    accountId: order.accountId,
    symbol: order.symbol,
    side: order.side,
    qty,
    priceUsd,
    valueUsd,
    at: iso(atMs),
  };
  context.state.fills.push(fill);
  context.onFill?.(fill);
}

/** The largest quantity the account can carry out now: sells up to the position, buys up to the cash. */
function executableQty(
  context: ExecutionContext,
  order: SimOrder,
  wantedQty: number,
  priceUsd: number,
): number {
  const account = context.state.accounts[order.accountId];
  if (order.side === 'sell') return Math.min(wantedQty, account?.positions[order.symbol]?.qty ?? 0);
  return Math.min(wantedQty, floorQty((account?.cashUsd ?? 0) / priceUsd));
}

function release(context: ExecutionContext, order: SimOrder, atMs: number): void {
  if (order.rejectOnRelease) {
    finish(order, 'rejected', atMs);
    return;
  }
  const priceUsd = fillPrice(context, order, atMs);
  if (!(priceUsd > 0)) {
    finish(order, 'rejected', atMs);
    return;
  }
  const wanted = order.qty !== null ? Number(order.qty) : floorQty(Number(order.notional) / priceUsd);
  const total = floorQty(executableQty(context, order, wanted, priceUsd));
  if (total <= 0) {
    finish(order, 'rejected', atMs);
    return;
  }
  order.targetQty = total;
  const first = order.partialFraction === null ? total : floorQty(total * order.partialFraction);
  execute(context, order, first > 0 && first < total ? first : total, priceUsd, atMs);
}

function fillRest(context: ExecutionContext, order: SimOrder, atMs: number): void {
  const priceUsd = fillPrice(context, order, atMs);
  let wanted = (order.targetQty ?? 0) - order.filledQty;
  if (order.notional !== null) {
    // A notional order never trades more dollars than asked, even when the rest fills at a worse price.
    const leftUsd = Number(order.notional) - order.filledQty * (order.filledAvgPriceUsd ?? 0);
    wanted = Math.min(wanted, leftUsd / priceUsd);
  }
  const rest = floorQty(executableQty(context, order, wanted, priceUsd));
  if (rest <= 0 || !(priceUsd > 0)) {
    finish(order, 'expired', atMs);
    return;
  }
  execute(context, order, rest, priceUsd, atMs);
  if (order.status !== 'filled') finish(order, 'expired', atMs);
}

function nextStep(context: ExecutionContext, order: SimOrder): Step | null {
  if (isTerminalOrderStatus(order.status)) return null;
  if (order.filledQty === 0 && order.status !== 'partially_filled') {
    return { atMs: order.releaseAtMs, run: () => release(context, order, order.releaseAtMs) };
  }
  let restAtMs = order.releaseAtMs + context.partialFillDelayMs;
  if (restAtMs >= order.sessionCloseMs) {
    if (order.timeInForce === 'day') {
      return { atMs: order.sessionCloseMs, run: () => finish(order, 'expired', order.sessionCloseMs) };
    }
    restAtMs = nextOpeningSession(order.sessionCloseMs).openMs;
  }
  return { atMs: restAtMs, run: () => fillRest(context, order, restAtMs) };
}

/** Run every fill, rejection and expiry due up to `nowMs`, oldest first; true when anything changed. */
export function advanceOrders(context: ExecutionContext, nowMs: number): boolean {
  let changed = false;
  for (;;) {
    let due: Step | null = null;
    for (const order of context.state.orders) {
      const step = nextStep(context, order);
      if (step && step.atMs <= nowMs && (due === null || step.atMs < due.atMs)) due = step;
    }
    if (!due) return changed;
    due.run();
    changed = true;
  }
}

/** Cancel an open order now. */
export function cancelOrder(order: SimOrder, atMs: number): void {
  finish(order, 'canceled', atMs);
}
