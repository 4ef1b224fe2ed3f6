import { isTerminalOrderStatus } from '@dalio-lite/core';
import { toDecimalString } from '../decimal.ts';
import { nextOpeningSession, sessionAt } from './market-hours.ts';
import type { PriceFeed } from './price-feed.ts';
import { accountView, type SimAccountView, trueMargin } from './sim-account-view.ts';
import { drawDue, type SimConsistency, type SimDue } from './sim-consistency.ts';
import { lastCloseBefore } from './sim-daily-close.ts';
import type { SimEvent } from './sim-event.ts';
import { requestCancel } from './sim-execution.ts';
import { heldQty } from './sim-holds.ts';
import { generatedClientOrderIdFor, orderIdFor } from './sim-ids.ts';
import type { SimAccountType } from './sim-margin.ts';
import { openOrder } from './sim-open-order.ts';
import { checkOrder, type SimAsset, type SimOrderInput, type SimRejection } from './sim-order-rules.ts';
import type { SimAccount, SimOrder, SimState } from './sim-state.ts';

/** Outcome of a submission. */
export type SimSubmitOutcome = { ok: true; order: SimOrder } | { ok: false; rejection: SimRejection };

/** Account and order settings of the desk, read when needed (the simulator's options fit as they are). */
export interface SimOrderDeskOptions {
  /** Cash of an account on first use (default 100 000). */
  initialCashUsd?: number;
  /** Kind of account opened on first use (default `margin`, as Alpaca's). */
  accountType?: SimAccountType;
  /** Chance that a fill is partial first (default 0). */
  partialFillProbability?: number;
  /** How many lookups miss an order created with the `late-visibility` fault (default 2). */
  lateVisibilityReads?: number;
  onEvent?: (event: SimEvent) => void;
}

/** What the desk works on and how it catches up with the clock and persists a change. */
export interface SimOrderDeskContext {
  state: SimState;
  prices: PriceFeed;
  random: () => number;
  /** The seeded consistency stream of one account: its draws depend on its own requests only. */
  consistencyRandom: (accountId: string) => () => number;
  consistency: SimConsistency;
  nowMs: () => number;
  /** Run due fills, cancels and expiries up to now; called first by every desk call. */
  sync: () => void;
  /** Persist the state after a change. */
  commit: () => void;
  asset: (symbol: string) => SimAsset | null;
  options: SimOrderDeskOptions;
}

/** One item of a bulk close: the symbol, an HTTP-like status, and the closing order or why there is none. */
export interface SimCloseOutcome {
  symbol: string;
  status: number;
  order: SimOrder | null;
  message?: string;
}

/** The accounts and their orders: opens accounts on first use, values them, takes and cancels orders. */
export interface SimOrderDesk {
  /** The account as its reads show it; `settled: true` shows every fill so far (the books, for tests). */
  account(accountId: string, options?: { settled?: boolean }): SimAccountView;
  submitOrder(
    accountId: string,
    input: SimOrderInput,
    fault?: 'late-visibility' | 'async-reject',
  ): SimSubmitOutcome;
  /** 204 cancel requested (it lands a moment later), 404 unknown, 422 no longer cancelable. */
  cancelOrder(accountId: string, orderId: string): 204 | 404 | 422;
  cancelAllOrders(accountId: string): { id: string; status: number }[];
  /** Sell every long and buy back every short at market; with `cancelOrders`, ask to cancel open orders first. */
  closeAllPositions(accountId: string, options?: { cancelOrders?: boolean }): SimCloseOutcome[];
  /** Count one request of the account (consistency windows count requests); opens the account on first use. */
  touch(accountId: string): void;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Create the order desk over the simulator's state. */
export function createSimOrderDesk(context: SimOrderDeskContext): SimOrderDesk {
  const { state, prices, random, consistencyRandom, consistency, nowMs, sync, commit, asset, options } =
    context;

  const accountState = (accountId: string): SimAccount => {
    const existing = state.accounts[accountId];
    if (existing) return existing;
    const cashUsd = options.initialCashUsd ?? 100_000;
    const created: SimAccount = {
      id: accountId,
      type: options.accountType ?? 'margin',
      cashUsd,
      positions: {},
      createdAt: iso(nowMs()),
      requests: 0,
      consistencyRandomState: null,
      // A new account's previous close saw its first deposit and nothing else.
      lastClose: { atMs: lastCloseBefore(nowMs()), equityUsd: cashUsd },
      unsettled: [],
    };
    state.accounts[accountId] = created;
    commit();
    return created;
  };
  const priceNow = (symbol: string) => prices.priceAt(symbol, nowMs());
  const ordersOf = (accountId: string) => state.orders.filter((o) => o.accountId === accountId);
  const openOrdersOf = (accountId: string) =>
    ordersOf(accountId).filter((o) => !isTerminalOrderStatus(o.status));

  const submit: SimOrderDesk['submitOrder'] = (accountId, input, fault) => {
    sync();
    const account = accountState(accountId);
    const orders = ordersOf(accountId);
    const now = nowMs();
    const margin = trueMargin(account, orders, prices, now);
    const checked = checkOrder(input, {
      openOrders: orders.filter((o) => !isTerminalOrderStatus(o.status)),
      positionQty: (symbol) => account.positions[symbol]?.qty ?? 0,
      heldQty: (symbol, side, priceUsd) => heldQty(orders, symbol, side, priceUsd, now, account.requests),
      buyingPowerUsd: margin.buyingPowerUsd,
      shortingEnabled: margin.shortingEnabled,
      clientOrderIdTaken: (id) => orders.some((o) => o.clientOrderId === id),
      asset,
      priceUsd: priceNow,
    });
    if (!checked.ok) {
      const clientOrderId = input.clientOrderId ?? null;
      options.onEvent?.({ type: 'order-rejected', accountId, clientOrderId, rejection: checked.rejection });
      return checked;
    }
    const n = state.orders.length + 1;
    const open = sessionAt(now) !== null;
    const p = consistency.asyncRejectProbability;
    const asyncReject = fault === 'async-reject' || (open && p > 0 && consistencyRandom(accountId)() < p);
    const order = openOrder({
      checked: checked.order,
      accountId,
      id: orderIdFor(state.instanceId, n),
      generatedClientOrderId: generatedClientOrderIdFor(state.instanceId, n),
      nowMs: now,
      random,
      partialFillProbability: options.partialFillProbability ?? 0,
      pendingNew: consistency.pendingNew,
      rejectOnRelease: asyncReject,
      hiddenReads: fault === 'late-visibility' ? (options.lateVisibilityReads ?? 2) : 0,
    });
    state.orders.push(order);
    commit();
    options.onEvent?.({ type: 'order-accepted', order: { ...order } });
    return { ok: true, order: { ...order } };
  };

  // While the market is closed the request waits for the open, whatever the account does meanwhile.
  const cancelDueFor = (account: SimAccount): SimDue => {
    const now = nowMs();
    const due = drawDue(consistency.cancelLag, now, account.requests, consistencyRandom(account.id));
    if (sessionAt(now) !== null || !consistency.cancelsWaitForOpen) return due;
    return { atMs: Math.max(due.atMs, nextOpeningSession(now).openMs), atRequest: Number.MAX_SAFE_INTEGER };
  };
  const requestCancels = (accountId: string): { id: string; status: number }[] => {
    sync();
    const account = accountState(accountId);
    const open = openOrdersOf(accountId);
    for (const order of open)
      if (order.cancelDue === null) requestCancel(order, cancelDueFor(account), nowMs());
    if (open.length > 0) {
      commit();
      // A cancel with no window lands at once.
      sync();
    }
    return open.map((order) => ({ id: order.id, status: 200 }));
  };

  return {
    account(accountId, viewOptions = {}) {
      sync();
      const settled = viewOptions.settled ?? false;
      return accountView(accountState(accountId), ordersOf(accountId), prices, nowMs(), settled);
    },
    submitOrder: submit,
    cancelOrder(accountId, orderId) {
      sync();
      const order = state.orders.find((o) => o.accountId === accountId && o.id === orderId);
      if (!order) return 404;
      if (isTerminalOrderStatus(order.status)) return 422;
      if (order.cancelDue !== null) return 204;
      requestCancel(order, cancelDueFor(accountState(accountId)), nowMs());
      commit();
      sync();
      return 204;
    },
    cancelAllOrders: requestCancels,
    closeAllPositions(accountId, closeOptions = {}) {
      if (closeOptions.cancelOrders) requestCancels(accountId);
      sync();
      return Object.entries(accountState(accountId).positions).map(([symbol, p]): SimCloseOutcome => {
        const outcome = submit(accountId, {
          symbol,
          side: p.qty > 0 ? 'sell' : 'buy',
          qty: toDecimalString(Math.abs(p.qty), 9),
          type: 'market',
        });
        return outcome.ok
          ? { symbol, status: 200, order: outcome.order }
          : { symbol, status: outcome.rejection.status, order: null, message: outcome.rejection.message };
      });
    },
    touch(accountId) {
      accountState(accountId).requests += 1;
    },
  };
}
