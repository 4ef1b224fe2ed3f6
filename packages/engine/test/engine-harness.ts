import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createModelPriceFeed,
  createSimClock,
  createSimulator,
  createSimulatorBroker,
  type Simulator,
  type SimulatorOptions,
} from '@dalio-lite/broker';
import {
  type Account,
  DEFAULT_PLAN_OPTIONS,
  DEFAULT_POLICY,
  DEFAULT_RISK_LIMITS,
  PRESETS,
} from '@dalio-lite/core';
import {
  type CrashPoints,
  createHeartbeat,
  createRebalanceHistory,
  createRebalanceLock,
  createStateStore,
} from '@dalio-lite/state';
import type { EngineEvent } from '../src/engine-events.ts';
import { DEFAULT_ENGINE_TIMING, type EngineSettings } from '../src/engine-settings.ts';
import { createRebalanceEngine, type RebalanceEngine } from '../src/rebalance-engine.ts';

/** Monday 2025-03-03, 10:00 New York (EST): the market is open. */
export const MONDAY_10AM = '2025-03-03T15:00:00.000Z';

/** An in-process simulator, a state directory and an engine wired to both, with a clock that never sleeps. */
export interface EngineHarness {
  simulator: Simulator;
  stateDir: string;
  settings: EngineSettings;
  events: EngineEvent[];
  engine: RebalanceEngine;
  /** A fresh engine on the same simulator and state directory: a process restart. */
  restart(options?: { crashPoints?: CrashPoints }): RebalanceEngine;
  /** A restart whose broker reports some account fields differently (e.g. a higher previous close). */
  restartWith(account: Partial<Account>): RebalanceEngine;
  /** Buy (positive) or sell (negative) dollar amounts at the simulator directly, outside the engine. */
  seed(valuesUsd: Record<string, number>): void;
  /** Every order of the simulator's ledger with our prefix. */
  ownOrders(): ReturnType<Simulator['ledger']>['orders'];
}

/** Build a harness. Sleeping advances the simulator clock, so waits for fills cost no wall time. */
export async function createEngineHarness(
  options: {
    at?: string;
    settings?: Partial<EngineSettings>;
    crashPoints?: CrashPoints;
    cashUsd?: number;
    simulator?: Pick<SimulatorOptions, 'partialFillProbability' | 'partialFillDelayMs' | 'slippageBps'>;
  } = {},
): Promise<EngineHarness> {
  const stateDir = await mkdtemp(join(tmpdir(), 'dalio-engine-'));
  const clock = createSimClock({ mode: { kind: 'fixed', at: options.at ?? MONDAY_10AM } });
  const prices = createModelPriceFeed({
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
  const build = (crashPoints?: CrashPoints, account: Partial<Account> = {}) =>
    createRebalanceEngine({
      broker: { ...broker, getAccount: async () => ({ ...(await broker.getAccount()), ...account }) },
      store: createStateStore({ stateDir }),
      lock: createRebalanceLock({ stateDir }),
      history: createRebalanceHistory({ stateDir }),
      heartbeat: createHeartbeat({ stateDir }),
      settings,
      sleep: async (ms) => clock.advance(ms),
      ...(crashPoints ? { crashPoints } : {}),
      onEvent: (event) => events.push(event),
    });
  return {
    simulator,
    stateDir,
    settings,
    events,
    engine: build(options.crashPoints),
    restart: (restartOptions = {}) => build(restartOptions.crashPoints),
    restartWith: (account) => build(undefined, account),
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
    ownOrders: () => simulator.ledger().orders.filter((order) => order.clientOrderId.startsWith('dl-')),
  };
}
