import { createFaultPlan, type FaultPlan } from './fault-plan.ts';
import type { PriceFeed } from './price-feed.ts';
import { createSeededRandom, deriveSeed } from './prng.ts';
import type { SimClock } from './sim-clock.ts';
import { resolveConsistency, type SimConsistency } from './sim-consistency.ts';
import type { SimEvent } from './sim-event.ts';
import { advanceOrders } from './sim-execution.ts';
import type { SimAccountType } from './sim-margin.ts';
import { createSimMarketView, type SimMarketView } from './sim-market-view.ts';
import { createSimOrderDesk, type SimOrderDesk } from './sim-order-desk.ts';
import { findVisibleOrder, listVisibleOrders, type SimListQuery } from './sim-order-queries.ts';
import type { SimAsset } from './sim-order-rules.ts';
import {
  emptySimState,
  type SimCharge,
  type SimFill,
  type SimOrder,
  type SimState,
  type SimStore,
} from './sim-state.ts';

/** How the simulator behaves; only the clock and the prices are required. */
export interface SimulatorOptions {
  clock: SimClock;
  prices: PriceFeed;
  /** Seed of the PRNGs behind partial fills, slippage and consistency windows (default 1). */
  seed?: number;
  /** Makes order ids this simulator's own (default: random); pass one to replay ids exactly. */
  instanceId?: string;
  /** Persist state here after every change (see `persisted`); without it state lives in memory. */
  store?: SimStore;
  initialCashUsd?: number;
  /** Margin (default, as Alpaca: 2× buying power from $2,000 equity, shorts allowed) or cash account. */
  accountType?: SimAccountType;
  /** Yearly margin interest on a debit balance, in percent, charged at each close (default 3.75). */
  marginRatePct?: number;
  /** Per-symbol overrides; every symbol of the price feed is tradable, fractionable and shortable by default. */
  assets?: Readonly<Record<string, Partial<Omit<SimAsset, 'symbol'>>>>;
  /** Worst slippage of a fill's price in basis points, drawn uniformly; quantities never change. */
  slippageBps?: number;
  /** Chance that a fill is partial first (Alpaca paper: about 0.1). Default 0. */
  partialFillProbability?: number;
  /** Simulated time until the rest of a partial fill is tried (default 60 s). */
  partialFillDelayMs?: number;
  /** Alpaca's eventual consistency: `DEFAULT_CONSISTENCY` unless given; `ALPACA_CONSISTENCY` is the full model. */
  consistency?: Partial<SimConsistency>;
  /** How many lookups miss an order created with the `late-visibility` fault (default 2). */
  lateVisibilityReads?: number;
  onEvent?: (event: SimEvent) => void;
}

export type { SimAccountView, SimPositionView } from './sim-account-view.ts';
export type { SimClockView } from './sim-market-view.ts';

/**
 * The in-process paper broker engine with Alpaca's semantics. Every call first counts as one request of its
 * account, then catches up with the clock.
 */
export interface Simulator extends Omit<SimOrderDesk, 'touch'>, SimMarketView {
  readonly clock: SimClock;
  readonly prices: PriceFeed;
  readonly faults: FaultPlan;
  /** The consistency model in force. */
  readonly consistency: SimConsistency;
  /** Null when unknown or not visible yet. */
  findOrder(accountId: string, key: { id: string } | { clientOrderId: string }): SimOrder | null;
  /** Orders that match the query (transports refuse a `limit` over 500 first, see `checkListLimit`). */
  listOrders(accountId: string, query?: SimListQuery): SimOrder[];
  /** Every order ever submitted (all accounts, oldest first), every fill and every charge so far: for exactly-once checks. */
  ledger(): { orders: readonly SimOrder[]; fills: readonly SimFill[]; charges: readonly SimCharge[] };
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
  const consistency = resolveConsistency(options.consistency);
  const state: SimState = options.store?.load() ?? emptySimState(options.seed ?? 1, options.instanceId);
  const rng = createSeededRandom(state.randomState);
  const random = () => rng.next();
  // Each account draws from its own stream, so its windows never depend on how other accounts' requests
  // interleave with its own (concurrent scenarios on one `dalio sim` replay one by one).
  const consistencyRandom = (accountId: string) => () => {
    const account = state.accounts[accountId];
    if (!account) throw new Error(`no account ${accountId} to draw for`);
    const rng = createSeededRandom(
      account.consistencyRandomState ?? deriveSeed(state.consistencySeed, accountId),
    );
    const value = rng.next();
    account.consistencyRandomState = rng.state();
    return value;
  };
  const faults = createFaultPlan(random);
  const execution = {
    state,
    prices,
    random,
    consistencyRandom,
    consistency,
    slippageBps: options.slippageBps ?? 0,
    partialFillDelayMs: options.partialFillDelayMs ?? 60_000,
    marginRatePct: options.marginRatePct ?? 3.75,
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
    consistencyRandom,
    consistency,
    nowMs,
    sync,
    commit,
    asset: market.asset,
    options,
  });
  // Requests are counted in memory and saved with the next change: a restart may stretch a window a little.
  const request = <T>(accountId: string, run: () => T): T => {
    desk.touch(accountId);
    sync();
    return run();
  };

  return {
    clock,
    prices,
    faults,
    consistency,
    account(accountId, viewOptions) {
      // Reading the books (settled) is a test's look, not a request of the account.
      if (viewOptions?.settled) return desk.account(accountId, viewOptions);
      return request(accountId, () => desk.account(accountId));
    },
    submitOrder: (accountId, input, fault) =>
      request(accountId, () => desk.submitOrder(accountId, input, fault)),
    findOrder: (accountId, key) => request(accountId, () => findVisibleOrder(state.orders, accountId, key)),
    listOrders: (accountId, query) =>
      request(accountId, () => listVisibleOrders(state.orders, accountId, query)),
    cancelOrder: (accountId, orderId) => request(accountId, () => desk.cancelOrder(accountId, orderId)),
    cancelAllOrders: (accountId) => request(accountId, () => desk.cancelAllOrders(accountId)),
    closeAllPositions: (accountId, closeOptions) =>
      request(accountId, () => desk.closeAllPositions(accountId, closeOptions)),
    marketClock() {
      sync();
      return market.marketClock();
    },
    calendar: market.calendar,
    asset: market.asset,
    latestTrade: market.latestTrade,
    dailyBars: market.dailyBars,
    ledger() {
      sync();
      return {
        orders: state.orders.map((o) => ({ ...o })),
        fills: state.fills.map((f) => ({ ...f })),
        charges: state.charges.map((c) => ({ ...c })),
      };
    },
    persisted: () => options.store?.flush() ?? Promise.resolve(),
  };
}
