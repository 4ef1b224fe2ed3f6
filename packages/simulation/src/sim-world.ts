import {
  ALPACA_CONSISTENCY,
  createModelPriceFeed,
  createSeededRandom,
  createSimClock,
  createSimulator,
  IMMEDIATE_CONSISTENCY,
  type PriceFeed,
  type SimClock,
  type Simulator,
} from '@dalio-lite/broker';
import {
  DEFAULT_PLAN_OPTIONS,
  DEFAULT_RISK_LIMITS,
  newYorkInstant,
  PRESETS,
  previousTradingDay,
} from '@dalio-lite/core';
import { DEFAULT_ENGINE_TIMING, type DeliberateBug, type EngineSettings } from '@dalio-lite/engine';
import { HISTORY_FILE, SEQ_MARKER_FILE, STATE_FILE } from '@dalio-lite/state';
import type { InvariantInput, StateFiles, WorldMarks } from './invariants.ts';
import type { CrashSpec, PauseSpec, Scenario } from './scenario.ts';
import { SIM_SYMBOLS } from './scenario-arbitrary.ts';
import { createSimFileSystem, type SimFileSystem } from './sim-fs.ts';
import { createSimLocks, type SimLocks } from './sim-locks.ts';
import { createSimNetwork, type NetworkControl } from './sim-network.ts';
import { createSimProcess, type SimHost, type SimProcess, type SimProcessOptions } from './sim-process.ts';

/** The account every simulated process trades. */
export const SIM_ACCOUNT = 'default';
/** Where the simulated processes keep their state (on the simulated disk only). */
export const SIM_STATE_DIR = '/var/lib/dalio-lite';
/** The files a backup holds. */
export const BACKED_UP_FILES = [STATE_FILE, SEQ_MARKER_FILE, HISTORY_FILE, 'heartbeat.json'] as const;

/** One simulated machine with its broker: everything a scenario acts on and the checks look at. */
export interface SimWorld {
  readonly scenario: Scenario;
  readonly simulator: Simulator;
  readonly clock: SimClock;
  readonly fs: SimFileSystem;
  readonly locks: SimLocks;
  readonly network: NetworkControl;
  readonly settings: EngineSettings;
  readonly marks: WorldMarks;
  /** The scenario's own seeded randomness (damage positions, ...). */
  readonly random: () => number;
  /** Backups taken at the start of each scenario day, by day index. */
  readonly backups: Map<number, Map<string, Uint8Array>>;
  /** The local clock's distance from the broker's. */
  skewMs: number;
  /** The transient fault rate of the next cycle. */
  nextFaultRate: number;
  /** A crash and a stop waiting for the step they fire at (in any top-level process), with the steps seen so far. */
  armed: { crash: CrashSpec | null; pause: PauseSpec | null; seen: Map<string, number> };
  /** Start a process (a `dalio run`, a daemon's restart, the owner's `dalio halt`). */
  spawn(options?: SimProcessOptions): SimProcess;
  path(file: string): string;
  files(): StateFiles;
  /** What the invariant checks read, right now. */
  invariantInput(): InvariantInput;
}

const priceFeeds = new Map<number, PriceFeed>();

function priceFeed(seed: number): PriceFeed {
  let feed = priceFeeds.get(seed);
  if (!feed) {
    feed = createModelPriceFeed({ seed, symbols: SIM_SYMBOLS, from: '2023-01-03', to: '2027-12-31' });
    priceFeeds.set(seed, feed);
  }
  return feed;
}

/** The engine settings a scenario's setup describes. */
function settingsOf(scenario: Scenario): EngineSettings {
  const { setup } = scenario;
  return {
    targets: PRESETS[setup.preset].targets,
    policy: {
      absoluteBand: setup.absoluteBand,
      relativeBand: 0.25,
      calendar: null,
      minDaysBetween: setup.minDaysBetween,
    },
    plan: { ...DEFAULT_PLAN_OPTIONS, wholeShares: setup.wholeShares },
    risk: DEFAULT_RISK_LIMITS,
    ...DEFAULT_ENGINE_TIMING,
    pollIntervalMs: setup.pollIntervalMs,
    lookupGraceMs: setup.lookupGraceMs,
    fillTimeoutMs: setup.fillTimeoutMs,
    closeBufferMinutes: setup.closeBufferMinutes,
  };
}

/** Build the world of a scenario, with the owner's holdings bought on the trading day before it starts. */
export function createSimWorld(
  scenario: Scenario,
  options: { deliberateBug?: DeliberateBug } = {},
): SimWorld {
  const { setup } = scenario;
  const seedDay = previousTradingDay(scenario.start);
  const clock = createSimClock({ mode: { kind: 'fixed', at: newYorkInstant(seedDay, '11:00') } });
  const nowMs = () => clock.now().getTime();
  const simulator = createSimulator({
    clock,
    prices: priceFeed(setup.priceSeed),
    seed: setup.seed,
    instanceId: `sim-${setup.seed}`,
    initialCashUsd: setup.cashUsd,
    accountType: setup.accountType,
    assets: Object.fromEntries(setup.nonFractionable.map((symbol) => [symbol, { fractionable: false }])),
    slippageBps: setup.slippageBps,
    partialFillProbability: setup.partialFillProbability,
    partialFillDelayMs: setup.partialFillDelayMs,
    consistency: {
      ...(setup.consistency === 'alpaca' ? ALPACA_CONSISTENCY : IMMEDIATE_CONSISTENCY),
      asyncRejectProbability: setup.asyncRejectProbability,
    },
  });
  buyHoldings(simulator, scenario);
  clock.set(newYorkInstant(scenario.start, '00:00'));

  const rng = createSeededRandom((setup.seed ^ 0x5bd1e995) >>> 0);
  const random = () => rng.next();
  const fs = createSimFileSystem({ now: nowMs, random });
  fs.install(SIM_STATE_DIR);
  const locks = createSimLocks({
    now: nowMs,
    advance: (ms) => clock.advance(ms),
    staleMs: 30_000,
    noticeMs: setup.lockNoticeMs ?? Number.POSITIVE_INFINITY,
  });
  const network = createSimNetwork(simulator, SIM_ACCOUNT, random);
  const settings = settingsOf(scenario);
  const path = (file: string) => `${SIM_STATE_DIR}/${file}`;
  let processes = 0;
  const world: SimWorld = {
    scenario,
    simulator,
    clock,
    fs,
    locks,
    network,
    settings,
    random,
    backups: new Map(),
    skewMs: 0,
    nextFaultRate: 0,
    armed: { crash: null, pause: null, seen: new Map() },
    marks: {
      crashes: 0,
      halts: [],
      blocks: [],
      damagedSinceMs: null,
      forgetfulAtMs: [],
      flagged: new Set(),
      highestSeq: 0,
    },
    spawn(processOptions = {}) {
      const host: SimHost = {
        fs,
        locks,
        network,
        clock,
        localNow: () => new Date(nowMs() + world.skewMs),
        stateDir: SIM_STATE_DIR,
        settings,
      };
      const bug = options.deliberateBug;
      return createSimProcess(++processes, host, {
        ...processOptions,
        ...(bug ? { deliberateBug: bug } : {}),
      });
    },
    path,
    files: () => ({
      state: fs.peek(path(STATE_FILE)),
      marker: fs.peek(path(SEQ_MARKER_FILE)),
      history: fs.peek(path(HISTORY_FILE)),
    }),
    invariantInput: () => ({
      orders: simulator.ledger().orders.filter((order) => order.clientOrderId.startsWith('dl-')),
      requests: network.requests,
      files: world.files(),
      marks: world.marks,
      closeBufferMinutes: settings.closeBufferMinutes,
      requestLimit: 200,
    }),
  };
  return world;
}

/** The owner's starting positions, bought at the simulator directly (client order ids of their own). */
function buyHoldings(simulator: Simulator, scenario: Scenario): void {
  const { holdings, cashUsd, nonFractionable } = scenario.setup;
  const total = Object.values(holdings).reduce((sum, share) => sum + share, 0);
  const scale = total > 0.95 ? 0.95 / total : 1;
  let n = 0;
  for (const [symbol, share] of Object.entries(holdings)) {
    const usd = Math.floor(cashUsd * share * scale);
    if (usd < 1) continue;
    const price = simulator.latestTrade(symbol)?.priceUsd ?? 0;
    const whole = nonFractionable.includes(symbol);
    const qty = whole ? Math.floor(usd / price) : 0;
    if (whole && qty < 1) continue;
    simulator.submitOrder(SIM_ACCOUNT, {
      symbol,
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      ...(whole ? { qty: String(qty) } : { notional: usd.toFixed(2) }),
      clientOrderId: `owner-${++n}`,
    });
  }
  simulator.account(SIM_ACCOUNT, { settled: true });
}
