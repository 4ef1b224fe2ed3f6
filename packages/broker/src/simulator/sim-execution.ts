import { isTerminalOrderStatus } from '@dalio-lite/core';
import { roundTo } from '../decimal.ts';
import { nextOpeningSession } from './market-hours.ts';
import type { PriceFeed } from './price-feed.ts';
import { drawDue, isDue, type SimConsistency } from './sim-consistency.ts';
import { recordClosesBefore } from './sim-daily-close.ts';
import { bookFill } from './sim-fill.ts';
import type { SimFill, SimOrder, SimState } from './sim-state.ts';

/** What order execution needs besides the state. */
export interface ExecutionContext {
  state: SimState;
  prices: PriceFeed;
  /** The main seeded stream: slippage. */
  random: () => number;
  /** The consistency stream: fill lags and holds after a cancel. */
  /** The seeded consistency stream of one account: its draws depend on its own requests only. */
  consistencyRandom: (accountId: string) => () => number;
  consistency: SimConsistency;
  slippageBps: number;
  partialFillDelayMs: number;
  /** Yearly rate charged on a debit (negative cash) balance at each close, in percent. */
  marginRatePct: number;
  onFill?: (fill: SimFill) => void;
}

/** A due change; at equal times a landing cancel goes first (`rank` 0), so it beats a fill at the open. */
type Step = { atMs: number; rank: number; run: () => void };

const iso = (ms: number) => new Date(ms).toISOString();

function floorQty(qty: number): number {
  return Math.floor(qty * 1e9 + 1e-4) / 1e9;
}

/** A whole-share order (an integer `qty`) fills in whole shares, partial fills included. */
function wholeShares(order: SimOrder): boolean {
  return order.qty !== null && Number.isInteger(Number(order.qty));
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
  order.cancelDue = null;
  if (status === 'rejected') order.failedAt = iso(atMs);
  if (status === 'expired') order.expiredAt = iso(atMs);
  if (status === 'canceled') order.canceledAt = iso(atMs);
}

/**
 * The most the account can carry out now, in the order's form: a closing order up to the position, an opening
 * buy of a cash account up to its cash; a whole-share order in whole shares. Margin accounts may borrow.
 */
function executableQty(
  context: ExecutionContext,
  order: SimOrder,
  wantedQty: number,
  priceUsd: number,
): number {
  const account = context.state.accounts[order.accountId];
  const held = account?.positions[order.symbol]?.qty ?? 0;
  let qty = wantedQty;
  if (order.positionIntent === 'sell_to_close') qty = Math.min(qty, Math.max(0, held));
  if (order.positionIntent === 'buy_to_close') qty = Math.min(qty, Math.max(0, -held));
  if (order.positionIntent === 'buy_to_open' && account?.type === 'cash') {
    qty = Math.min(qty, Math.max(0, account.cashUsd) / priceUsd);
  }
  return wholeShares(order) ? Math.floor(qty + 1e-9) : floorQty(qty);
}

function tryFill(
  context: ExecutionContext,
  order: SimOrder,
  wantedQty: number,
  priceUsd: number,
  atMs: number,
): void {
  const qty = executableQty(context, order, wantedQty, priceUsd);
  if (qty > 0) bookFill(context, order, qty, priceUsd, atMs);
  if (isTerminalOrderStatus(order.status)) return;
  let restAtMs = atMs + context.partialFillDelayMs;
  if (restAtMs >= order.sessionCloseMs && order.timeInForce === 'gtc') {
    const session = nextOpeningSession(order.sessionCloseMs);
    restAtMs = session.openMs;
    order.sessionCloseMs = session.closeMs;
  }
  order.restAtMs = restAtMs;
}

function release(context: ExecutionContext, order: SimOrder, atMs: number): void {
  const priceUsd = order.rejectOnRelease ? Number.NaN : fillPrice(context, order, atMs);
  const target = order.qty !== null ? Number(order.qty) : floorQty(Number(order.notional) / priceUsd);
  if (!(priceUsd > 0) || !(target > 0)) {
    finish(order, 'rejected', atMs);
    return;
  }
  order.targetQty = target;
  if (order.status === 'pending_new' || order.status === 'accepted') order.status = 'new';
  let first = target;
  if (order.partialFraction !== null) {
    const part = wholeShares(order)
      ? Math.floor(target * order.partialFraction)
      : floorQty(target * order.partialFraction);
    if (part > 0) first = part;
  }
  tryFill(context, order, first, priceUsd, atMs);
}

function fillRest(context: ExecutionContext, order: SimOrder, atMs: number): void {
  const priceUsd = fillPrice(context, order, atMs);
  if (!(priceUsd > 0)) {
    order.restAtMs = atMs + context.partialFillDelayMs;
    return;
  }
  // A notional order trades its dollars, never more, even when the rest fills at another price.
  const wanted =
    order.notional !== null
      ? (Number(order.notional) - order.filledQty * (order.filledAvgPriceUsd ?? 0)) / priceUsd
      : (order.targetQty ?? 0) - order.filledQty;
  tryFill(context, order, wanted, priceUsd, atMs);
}

function landCancel(context: ExecutionContext, order: SimOrder, atMs: number): void {
  finish(order, 'canceled', atMs);
  const account = context.state.accounts[order.accountId];
  if (order.side === 'sell' && account) {
    order.holdDue = drawDue(
      context.consistency.holdAfterCancel,
      atMs,
      account.requests,
      context.consistencyRandom(account.id),
    );
  }
}

function nextStep(context: ExecutionContext, order: SimOrder, nowMs: number): Step | null {
  if (isTerminalOrderStatus(order.status)) return null;
  const requests = context.state.accounts[order.accountId]?.requests ?? 0;
  let cancel: Step | null = null;
  if (order.cancelDue !== null) {
    const due = order.cancelDue;
    // Landed by requests: now (after fills due before now); by time: at its instant.
    const atMs = requests >= due.atRequest ? Math.min(due.atMs, nowMs) : due.atMs;
    cancel = { atMs, rank: 0, run: () => landCancel(context, order, atMs) };
  }
  let fill: Step | null;
  if (order.targetQty === null) {
    fill = { atMs: order.releaseAtMs, rank: 1, run: () => release(context, order, order.releaseAtMs) };
  } else {
    // Whatever is still open at its session's close expires then (a day order's end), never before.
    const restAtMs = order.restAtMs ?? order.releaseAtMs + context.partialFillDelayMs;
    const closeMs = order.sessionCloseMs;
    fill =
      restAtMs >= closeMs
        ? { atMs: closeMs, rank: 1, run: () => finish(order, 'expired', closeMs) }
        : { atMs: restAtMs, rank: 1, run: () => fillRest(context, order, restAtMs) };
  }
  if (cancel && (cancel.atMs < fill.atMs || (cancel.atMs === fill.atMs && cancel.rank < fill.rank)))
    return cancel;
  return fill;
}

/** Drop the fills that cash and positions now show; true when any was dropped. */
function settle(state: SimState, nowMs: number): boolean {
  let changed = false;
  for (const account of Object.values(state.accounts)) {
    const before = account.unsettled.length;
    account.unsettled = account.unsettled.filter((fill) => !isDue(fill.due, nowMs, account.requests));
    changed ||= account.unsettled.length !== before;
  }
  return changed;
}

/** Run every fill, cancel, expiry and close due up to `nowMs`, oldest first; true when anything changed. */
export function advanceOrders(context: ExecutionContext, nowMs: number): boolean {
  let changed = false;
  for (;;) {
    let due: Step | null = null;
    for (const order of context.state.orders) {
      const step = nextStep(context, order, nowMs);
      if (step && step.atMs <= nowMs && (due === null || step.atMs < due.atMs)) due = step;
    }
    // Closes before the step are recorded with the holdings of then (Alpaca's `last_equity`).
    changed = recordClosesBefore(context, due ? due.atMs : nowMs) || changed;
    if (!due) return settle(context.state, nowMs) || changed;
    due.run();
    changed = true;
  }
}

/** Ask to cancel an open order: `pending_cancel` until `cancelDue`; it may fill meanwhile. */
export function requestCancel(order: SimOrder, due: SimOrder['cancelDue'], atMs: number): void {
  if (order.cancelDue !== null) return;
  order.status = 'pending_cancel';
  order.updatedAt = iso(atMs);
  order.cancelDue = due;
}
