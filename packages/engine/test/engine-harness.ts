import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Broker,
  createHistoryPriceFeed,
  createModelPriceFeed,
  createSimClock,
  createSimulator,
  createSimulatorBroker,
  type PriceFeed,
  type Simulator,
  type SimulatorOptions,
} from '@dalio-lite/broker';
import {
  type Account,
  DEFAULT_PLAN_OPTIONS,
  DEFAULT_POLICY,
  DEFAULT_RISK_LIMITS,
  PRESETS,
  tradingDaysBetween,
} from '@dalio-lite/core';
import {
  type CrashPoints,
  createHeartbeat,
  createRebalanceHistory,
  createRebalanceLock,
  createStateStore,
  type RebalanceLock,
  type StateStore,
} from '@dalio-lite/state';
import type { EngineEvent } from '../src/engine-events.ts';
import { DEFAULT_ENGINE_TIMING, type EngineSettings } from '../src/engine-settings.ts';
import { createRebalanceEngine, type RebalanceEngine } from '../src/rebalance-engine.ts';
import type { StateRecovery } from '../src/state-recovery.ts';
import type { TradingGate } from '../src/trading-gate.ts';

/** Monday 2025-03-03, 10:00 New York (EST): the market is open. */
export const MONDAY_10AM = '2025-03-03T15:00:00.000Z';

/** A price feed where every symbol keeps one price on every trading day of 2024–2026. */
export function constantPriceFeed(pricesUsd: Readonly<Record<string, number>>): PriceFeed {
  const dates = tradingDaysBetween('2024-01-02', '2026-12-31');
  return createHistoryPriceFeed(
    new Map(
      Object.entries(pricesUsd).map(([symbol, price]) => [
        symbol,
        { symbol, dates, adjClose: new Float64Array(dates.length).fill(price) },
      ]),
    ),
  );
}

/** What a restart may change about the process: crash points, the broker it sees, its store or its lock. */
export interface RestartOptions {
  crashPoints?: CrashPoints;
  /** Wrap the broker port (to change what some calls answer). */
  broker?: (broker: Broker) => Broker;
  store?: (store: StateStore) => StateStore;
  lock?: RebalanceLock;
  /** Restore an unreadable state (what the apps back with their backups). */
  recoverState?: StateRecovery;
  /** The app's trading gate (pin, live gate, tier). */
  gate?: TradingGate;
}

/** An in-process simulator, a state directory and an engine wired to both, with a clock that never sleeps. */
export interface EngineHarness {
  simulator: Simulator;
  /** The broker port on the simulator, as the engine sees it (before any wrapping). */
  broker: Broker;
  stateDir: string;
  settings: EngineSettings;
  events: EngineEvent[];
  engine: RebalanceEngine;
  /** A fresh engine on the same simulator and state directory: a process restart. */
  restart(options?: RestartOptions): RebalanceEngine;
  /** A restart whose broker reports some account fields differently (e.g. a higher previous close). */
  restartWith(account: Partial<Account>): RebalanceEngine;
  /** Buy (positive) or sell (negative) dollar amounts at the simulator directly, outside the engine. */
  seed(valuesUsd: Record<string, number>): void;
  /** Buy whole shares at the simulator directly (works for assets that are not fractionable). */
  seedShares(qty: Record<string, number>): void;
  /** Every order of the simulator's ledger with our prefix. */
  ownOrders(): ReturnType<Simulator['ledger']>['orders'];
  /** A sleep that lets simulated time pass (what the engine itself sleeps with). */
  sleep(ms: number): Promise<void>;
}

/** Build a harness. Sleeping advances the simulator clock, so waits for fills cost no wall time. */
export async function createEngineHarness(
  options: {
    at?: string;
    settings?: Partial<EngineSettings>;
    crashPoints?: CrashPoints;
    cashUsd?: number;
    prices?: PriceFeed;
    simulator?: Pick<
      SimulatorOptions,
      | 'partialFillProbability'
      | 'partialFillDelayMs'
      | 'slippageBps'
      | 'assets'
      | 'seed'
      | 'consistency'
      | 'accountType'
    >;
  } = {},
): Promise<EngineHarness> {
  const stateDir = await mkdtemp(join(tmpdir(), 'dalio-engine-'));
  const clock = createSimClock({ mode: { kind: 'fixed', at: options.at ?? MONDAY_10AM } });
  const prices =
    options.prices ??
    createModelPriceFeed({
      seed: 11,
      symbols: ['VTI', 'TLT', 'GLD', 'DBC', 'AAPL'],
      from: '2024-01-02',
      to: '2026-12-31',
    });
  const simulator = createSimulator({
    clock,
    prices,
    initialCashUsd: options.cashUsd ?? 100_000,
    seed: 3,
    ...options.simulator,
  });
  const broker = createSimulatorBroker({ simulator });
  const settings: EngineSettings = {
    targets: PRESETS['dalio-lite'].targets,
    policy: DEFAULT_POLICY,
    plan: { ...DEFAULT_PLAN_OPTIONS, wholeShares: false },
    risk: DEFAULT_RISK_LIMITS,
    ...DEFAULT_ENGINE_TIMING,
    pollIntervalMs: 1_000,
    lookupGraceMs: 5_000,
    fillTimeoutMs: 60_000,
    ...options.settings,
  };
  const events: EngineEvent[] = [];
  let seeds = 0;
  const build = (restart: RestartOptions = {}, account: Partial<Account> = {}) => {
    const withAccount: Broker = {
      ...broker,
      getAccount: async () => ({ ...(await broker.getAccount()), ...account }),
    };
    const store = createStateStore({ stateDir });
    return createRebalanceEngine({
      broker: restart.broker ? restart.broker(withAccount) : withAccount,
      store: restart.store ? restart.store(store) : store,
      lock: restart.lock ?? createRebalanceLock({ stateDir }),
      history: createRebalanceHistory({ stateDir }),
      heartbeat: createHeartbeat({ stateDir }),
      settings,
      sleep: async (ms) => clock.advance(ms),
      ...(restart.crashPoints ? { crashPoints: restart.crashPoints } : {}),
      ...(restart.recoverState ? { recoverState: restart.recoverState } : {}),
      ...(restart.gate ? { gate: restart.gate } : {}),
      onEvent: (event) => events.push(event),
    });
  };
  return {
    simulator,
    broker,
    stateDir,
    settings,
    events,
    engine: build(options.crashPoints ? { crashPoints: options.crashPoints } : {}),
    restart: (restartOptions = {}) => build(restartOptions),
    restartWith: (account) => build({}, account),
    seed(valuesUsd) {
      for (const [symbol, usd] of Object.entries(valuesUsd)) {
        const outcome = simulator.submitOrder('default', {
          symbol,
          side: usd >= 0 ? 'buy' : 'sell',
          type: 'market',
          timeInForce: 'day',
          notional: Math.abs(usd).toFixed(2),
          clientOrderId: `seed-${symbol}-${seeds++}`,
        });
        if (!outcome.ok) throw new Error(`seeding ${symbol} failed: ${outcome.rejection.message}`);
      }
      simulator.account('default');
    },
    seedShares(qty) {
      for (const [symbol, shares] of Object.entries(qty)) {
        if (shares <= 0) continue;
        const outcome = simulator.submitOrder('default', {
          symbol,
          side: 'buy',
          type: 'market',
          timeInForce: 'day',
          qty: String(shares),
          clientOrderId: `seed-${symbol}-${seeds++}`,
        });
        if (!outcome.ok) throw new Error(`seeding ${symbol} failed: ${outcome.rejection.message}`);
      }
      simulator.account('default');
    },
    ownOrders: () => simulator.ledger().orders.filter((order) => order.clientOrderId.startsWith('dl-')),
    sleep: async (ms) => clock.advance(ms),
  };
}
