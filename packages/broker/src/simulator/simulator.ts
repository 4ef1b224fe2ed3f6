import { createFaultPlan, type FaultPlan } from './fault-plan.ts';
import type { PriceFeed } from './price-feed.ts';
import { createSeededRandom } from './prng.ts';
import type { SimClock } from './sim-clock.ts';
import type { SimEvent } from './sim-event.ts';
import { advanceOrders } from './sim-execution.ts';
import { createSimMarketView, type SimMarketView } from './sim-market-view.ts';
import { createSimOrderDesk, type SimOrderDesk } from './sim-order-desk.ts';
import { findVisibleOrder, listVisibleOrders, type SimListQuery } from './sim-order-queries.ts';
import type { SimAsset } from './sim-order-rules.ts';
import { emptySimState, type SimFill, type SimOrder, type SimState, type SimStore } from './sim-state.ts';

/** How the simulator behaves; only the clock and the prices are required. */
export interface SimulatorOptions {
  clock: SimClock;
  prices: PriceFeed;
  /** Seed of the PRNG behind ids, partial fills and slippage (default 1). */
  seed?: number;
  /** Persist state here after every change (see `persisted`); without it state lives in memory. */
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

export type { SimAccountView, SimPositionView } from './sim-account-view.ts';
export type { SimClockView } from './sim-market-view.ts';

/** The in-process paper broker engine with Alpaca's semantics. Every call first catches up with the clock. */
export interface Simulator extends SimOrderDesk, SimMarketView {
  readonly clock: SimClock;
  readonly prices: PriceFeed;
  readonly faults: FaultPlan;
  /** Null when unknown or not visible yet. */
  findOrder(accountId: string, key: { id: string } | { clientOrderId: string }): SimOrder | null;
  listOrders(accountId: string, query?: SimListQuery): SimOrder[];
  /** Every order ever submitted (all accounts, oldest first) and every fill: for exactly-once checks. */
  ledger(): { orders: readonly SimOrder[]; fills: readonly SimFill[] };
  /**
   * Resolves once every change so far is on disk; rejects when the store could not write it. Calls change state
   * synchronously but write it asynchronously, so adapters await this before they answer their caller.
   */
  persisted(): Promise<void>;
}

/**
 * Create the simulator, resuming from `store` when it holds state. It owns the state, the seeded randomness and
 * persistence; the order desk, the order queries and the market view work on them.
 */
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
  const market = createSimMarketView(options, nowMs);
  const desk = createSimOrderDesk({
    state,
    prices,
    random,
    nowMs,
    sync,
    commit,
    asset: market.asset,
    options,
  });

  return {
    clock,
    prices,
    faults,
    account: desk.account,
    submitOrder: desk.submitOrder,
    findOrder(accountId, key) {
      sync();
      return findVisibleOrder(state.orders, accountId, key);
    },
    listOrders(accountId, query) {
      sync();
      return listVisibleOrders(state.orders, accountId, query);
    },
    cancelOrder: desk.cancelOrder,
    cancelAllOrders: desk.cancelAllOrders,
    closeAllPositions: desk.closeAllPositions,
    marketClock() {
      sync();
      return market.marketClock();
    },
    calendar: market.calendar,
    asset: market.asset,
    latestTrade: market.latestTrade,
    dailyBars: market.dailyBars,
    ledger: () => ({
      orders: state.orders.map((o) => ({ ...o })),
      fills: state.fills.map((f) => ({ ...f })),
    }),
    persisted: () => options.store?.flush() ?? Promise.resolve(),
  };
}
