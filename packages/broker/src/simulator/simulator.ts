import { isTerminalOrderStatus, newYorkDate, tradingDaysBetween } from '@dalio-lite/core';
import type { DailyBar } from '../broker.ts';
import { roundTo } from '../decimal.ts';
import { createFaultPlan, type FaultPlan } from './fault-plan.ts';
import {
  currentOrNextSession,
  nextOpeningSession,
  type SessionWindow,
  sessionAt,
  sessionOn,
} from './market-hours.ts';
import type { PriceFeed } from './price-feed.ts';
import { createSeededRandom } from './prng.ts';
import { accountView, lastCloseAtOrBefore, type SimAccountView } from './sim-account-view.ts';
import type { SimClock } from './sim-clock.ts';
import { advanceOrders, cancelOrder } from './sim-execution.ts';
import { openOrder } from './sim-open-order.ts';
import { checkOrder, type SimAsset, type SimOrderInput, type SimRejection } from './sim-order-rules.ts';
import { emptySimState, type SimFill, type SimOrder, type SimState, type SimStore } from './sim-state.ts';

/** Something that happened inside the simulator, for logs and demos. */
export type SimEvent =
  | { type: 'order-accepted'; order: SimOrder }
  | { type: 'order-rejected'; accountId: string; clientOrderId: string | null; rejection: SimRejection }
  | { type: 'fill'; fill: SimFill };

/** How the simulator behaves; only the clock and the prices are required. */
export interface SimulatorOptions {
  clock: SimClock;
  prices: PriceFeed;
  /** Seed of the PRNG behind ids, partial fills and slippage (default 1). */
  seed?: number;
  /** Persist state here after every change; without it state lives in memory. */
  store?: SimStore;
  initialCashUsd?: number;
  /** Per-symbol overrides; every symbol of the price feed is tradable and fractionable by default. */
  assets?: Readonly<Record<string, Partial<Omit<SimAsset, 'symbol'>>>>;
  slippageBps?: number;
  /** Chance that a fill is partial first (Alpaca paper: about 0.1). Default 0. */
  partialFillProbability?: number;
  /** Simulated time until the rest of a partial fill executes (default 60 s). */
  partialFillDelayMs?: number;
  /** How many lookups miss an order created with the `late-visibility` fault (default 2). */
  lateVisibilityReads?: number;
  onEvent?: (event: SimEvent) => void;
}

/** The market clock at the simulator's now. */
export interface SimClockView {
  nowMs: number;
  isOpen: boolean;
  nextOpenMs: number;
  nextCloseMs: number;
}

/** Outcome of a submission. */
export type SimSubmitOutcome = { ok: true; order: SimOrder } | { ok: false; rejection: SimRejection };

/** Order listing filters, as on the wire. */
export interface SimListQuery {
  status?: 'open' | 'closed' | 'all';
  limit?: number;
  direction?: 'asc' | 'desc';
  symbols?: readonly string[];
}

export type { SimAccountView, SimPositionView } from './sim-account-view.ts';

/** The in-process paper broker engine with Alpaca's semantics. Every call first catches up with the clock. */
export interface Simulator {
  readonly clock: SimClock;
  readonly prices: PriceFeed;
  readonly faults: FaultPlan;
  account(accountId: string): SimAccountView;
  submitOrder(
    accountId: string,
    input: SimOrderInput,
    fault?: 'late-visibility' | 'async-reject',
  ): SimSubmitOutcome;
  /** Null when unknown or not visible yet. */
  findOrder(accountId: string, key: { id: string } | { clientOrderId: string }): SimOrder | null;
  listOrders(accountId: string, query?: SimListQuery): SimOrder[];
  /** 204 canceled, 404 unknown, 422 no longer cancelable. */
  cancelOrder(accountId: string, orderId: string): 204 | 404 | 422;
  cancelAllOrders(accountId: string): { id: string; status: number }[];
  closeAllPositions(
    accountId: string,
  ): { symbol: string; status: number; order: SimOrder | null; message?: string }[];
  marketClock(): SimClockView;
  calendar(start: string, end: string): SessionWindow[];
  asset(symbol: string): SimAsset | null;
  latestTrade(symbol: string): { priceUsd: number; atMs: number } | null;
  /**
   * Daily bars of the days whose session has closed by now, between two dates (inclusive), prices at 4 decimals
   * like every quote of the simulator; null when the symbol is unknown.
   */
  dailyBars(symbol: string, from: string, to: string): DailyBar[] | null;
  /** Every order ever submitted (all accounts, oldest first) and every fill: for exactly-once checks. */
  ledger(): { orders: readonly SimOrder[]; fills: readonly SimFill[] };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Create the simulator, resuming from `store` when it holds state. */
export function createSimulator(options: SimulatorOptions): Simulator {
  const { clock, prices } = options;
  const state: SimState = options.store?.load() ?? emptySimState(options.seed ?? 1);
  const rng = createSeededRandom(state.randomState);
  const random = () => rng.next();
  const faults = createFaultPlan(random);
  const execution = {
    state,
    prices,
    random,
    slippageBps: options.slippageBps ?? 0,
    partialFillDelayMs: options.partialFillDelayMs ?? 60_000,
    onFill: (fill: SimFill) => options.onEvent?.({ type: 'fill', fill }),
  };

  const commit = () => {
    state.seq += 1;
    state.randomState = rng.state();
    options.store?.save(state);
  };
  const nowMs = () => clock.now().getTime();
  const sync = () => {
    if (advanceOrders(execution, nowMs())) commit();
  };
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
  const asset = (symbol: string): SimAsset | null => {
    if (!prices.symbols.includes(symbol)) return null;
    const override = options.assets?.[symbol];
    return { symbol, tradable: override?.tradable ?? true, fractionable: override?.fractionable ?? true };
  };
  const openOrdersOf = (accountId: string) =>
    state.orders.filter((o) => o.accountId === accountId && !isTerminalOrderStatus(o.status));
  const view = (accountId: string): SimAccountView =>
    accountView(accountState(accountId), openOrdersOf(accountId), prices, nowMs());
  const visible = (order: SimOrder) => {
    if (order.hiddenReads <= 0) return true;
    order.hiddenReads -= 1;
    return false;
  };

  const submitOrder: Simulator['submitOrder'] = (accountId, input, fault) => {
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

  const closeAllPositions: Simulator['closeAllPositions'] = (accountId) => {
    cancelAllOrders(accountId);
    return Object.entries(accountState(accountId).positions).map(([symbol, p]) => {
      const outcome = submitOrder(accountId, { symbol, side: 'sell', qty: String(p.qty), type: 'market' });
      return outcome.ok
        ? { symbol, status: 200, order: outcome.order }
        : { symbol, status: outcome.rejection.status, order: null, message: outcome.rejection.message };
    });
  };
  const cancelAllOrders: Simulator['cancelAllOrders'] = (accountId) => {
    sync();
    const open = openOrdersOf(accountId);
    for (const order of open) cancelOrder(order, nowMs());
    if (open.length > 0) commit();
    return open.map((order) => ({ id: order.id, status: 200 }));
  };

  return {
    clock,
    prices,
    faults,
    account(accountId) {
      sync();
      return view(accountId);
    },
    submitOrder,
    findOrder(accountId, key) {
      sync();
      const order = state.orders.find(
        (o) =>
          o.accountId === accountId &&
          ('id' in key ? o.id === key.id : o.clientOrderId === key.clientOrderId),
      );
      return order && visible(order) ? { ...order } : null;
    },
    listOrders(accountId, query = {}) {
      sync();
      const status = query.status ?? 'open';
      const selected = state.orders.filter(
        (o) =>
          o.accountId === accountId &&
          o.hiddenReads <= 0 &&
          (status === 'all' || (status === 'open') !== isTerminalOrderStatus(o.status)) &&
          (!query.symbols || query.symbols.includes(o.symbol)),
      );
      if ((query.direction ?? 'desc') === 'desc') selected.reverse();
      return selected.slice(0, Math.min(Math.max(query.limit ?? 50, 1), 500)).map((o) => ({ ...o }));
    },
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
    marketClock() {
      sync();
      const now = nowMs();
      const next = currentOrNextSession(now);
      return {
        nowMs: now,
        isOpen: sessionAt(now) !== null,
        nextOpenMs: nextOpeningSession(now).openMs,
        nextCloseMs: next.closeMs,
      };
    },
    calendar(start, end) {
      return tradingDaysBetween(start, end).flatMap((date) => sessionOn(date) ?? []);
    },
    asset,
    latestTrade(symbol) {
      const now = nowMs();
      const priceUsd = prices.priceAt(symbol, now);
      if (priceUsd === null) return null;
      return { priceUsd, atMs: sessionAt(now) ? now : lastCloseAtOrBefore(now) };
    },
    dailyBars(symbol, from, to) {
      const lastClosed = newYorkDate(new Date(lastCloseAtOrBefore(nowMs())));
      // Dates compare as text; a bar exists only once its session has closed.
      const bars = prices.dailyBars(symbol, from, to.localeCompare(lastClosed) < 0 ? to : lastClosed);
      return (
        bars?.map((bar) => ({
          ...bar,
          open: roundTo(bar.open, 4),
          high: roundTo(bar.high, 4),
          low: roundTo(bar.low, 4),
          close: roundTo(bar.close, 4),
        })) ?? null
      );
    },
    ledger: () => ({
      orders: state.orders.map((o) => ({ ...o })),
      fills: state.fills.map((f) => ({ ...f })),
    }),
  };
}
