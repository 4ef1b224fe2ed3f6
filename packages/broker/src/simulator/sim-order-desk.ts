import { isTerminalOrderStatus } from '@dalio-lite/core';
import type { PriceFeed } from './price-feed.ts';
import { accountView, type SimAccountView } from './sim-account-view.ts';
import type { SimEvent } from './sim-event.ts';
import { cancelOrder } from './sim-execution.ts';
import { openOrder } from './sim-open-order.ts';
import { checkOrder, type SimAsset, type SimOrderInput, type SimRejection } from './sim-order-rules.ts';
import type { SimOrder, SimState } from './sim-state.ts';

/** Outcome of a submission. */
export type SimSubmitOutcome = { ok: true; order: SimOrder } | { ok: false; rejection: SimRejection };

/** Account and order settings of the desk, read when needed (the simulator's options fit as they are). */
export interface SimOrderDeskOptions {
  /** Cash of an account on first use (default 100 000). */
  initialCashUsd?: number;
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
  nowMs: () => number;
  /** Run due fills and expiries up to now; called first by every desk call. */
  sync: () => void;
  /** Persist the state after a change. */
  commit: () => void;
  asset: (symbol: string) => SimAsset | null;
  options: SimOrderDeskOptions;
}

/** The accounts and their orders: opens accounts on first use, values them, takes and cancels orders. */
export interface SimOrderDesk {
  account(accountId: string): SimAccountView;
  submitOrder(
    accountId: string,
    input: SimOrderInput,
    fault?: 'late-visibility' | 'async-reject',
  ): SimSubmitOutcome;
  /** 204 canceled, 404 unknown, 422 no longer cancelable. */
  cancelOrder(accountId: string, orderId: string): 204 | 404 | 422;
  cancelAllOrders(accountId: string): { id: string; status: number }[];
  closeAllPositions(
    accountId: string,
  ): { symbol: string; status: number; order: SimOrder | null; message?: string }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Create the order desk over the simulator's state. */
export function createSimOrderDesk(context: SimOrderDeskContext): SimOrderDesk {
  const { state, prices, random, nowMs, sync, commit, asset, options } = context;

  const accountState = (accountId: string) => {
    let account = state.accounts[accountId];
    if (!account) {
      account = {
        id: accountId,
        cashUsd: options.initialCashUsd ?? 100_000,
        positions: {},
        createdAt: iso(nowMs()),
      };
      state.accounts[accountId] = account;
      commit();
    }
    return account;
  };
  const priceNow = (symbol: string) => prices.priceAt(symbol, nowMs());
  const openOrdersOf = (accountId: string) =>
    state.orders.filter((o) => o.accountId === accountId && !isTerminalOrderStatus(o.status));
  const view = (accountId: string): SimAccountView =>
    accountView(accountState(accountId), openOrdersOf(accountId), prices, nowMs());

  const submitOrder: SimOrderDesk['submitOrder'] = (accountId, input, fault) => {
    sync();
    const account = accountState(accountId);
    const checked = checkOrder(input, {
      account,
      openOrders: openOrdersOf(accountId),
      clientOrderIdTaken: (id) =>
        state.orders.some((o) => o.accountId === accountId && o.clientOrderId === id),
      asset,
      priceUsd: priceNow,
      buyingPowerUsd: view(accountId).buyingPowerUsd,
    });
    if (!checked.ok) {
      const clientOrderId = input.clientOrderId ?? null;
      options.onEvent?.({ type: 'order-rejected', accountId, clientOrderId, rejection: checked.rejection });
      return checked;
    }
    const order = openOrder({
      checked: checked.order,
      accountId,
      nowMs: nowMs(),
      random,
      partialFillProbability: options.partialFillProbability ?? 0,
      rejectOnRelease: fault === 'async-reject',
      hiddenReads: fault === 'late-visibility' ? (options.lateVisibilityReads ?? 2) : 0,
    });
    state.orders.push(order);
    commit();
    options.onEvent?.({ type: 'order-accepted', order: { ...order } });
    return { ok: true, order: { ...order } };
  };

  const closeAllPositions: SimOrderDesk['closeAllPositions'] = (accountId) => {
    cancelAllOrders(accountId);
    return Object.entries(accountState(accountId).positions).map(([symbol, p]) => {
      const outcome = submitOrder(accountId, { symbol, side: 'sell', qty: String(p.qty), type: 'market' });
      return outcome.ok
        ? { symbol, status: 200, order: outcome.order }
        : { symbol, status: outcome.rejection.status, order: null, message: outcome.rejection.message };
    });
  };
  const cancelAllOrders: SimOrderDesk['cancelAllOrders'] = (accountId) => {
    sync();
    const open = openOrdersOf(accountId);
    for (const order of open) cancelOrder(order, nowMs());
    if (open.length > 0) commit();
    return open.map((order) => ({ id: order.id, status: 200 }));
  };

  return {
    account(accountId) {
      sync();
      return view(accountId);
    },
    submitOrder,
    cancelOrder(accountId, orderId) {
      sync();
      const order = state.orders.find((o) => o.accountId === accountId && o.id === orderId);
      if (!order) return 404;
      if (isTerminalOrderStatus(order.status)) return 422;
      cancelOrder(order, nowMs());
      commit();
      return 204;
    },
    cancelAllOrders,
    closeAllPositions,
  };
}
