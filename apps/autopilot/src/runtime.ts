import { join } from 'node:path';
import {
  type Broker,
  createAlpacaBroker,
  createFileSimStore,
  createHistoryPriceFeed,
  createSimClock,
  createSimulator,
  createSimulatorBroker,
} from '@dalio-lite/broker';
import type { DalioConfig } from '@dalio-lite/config';
import {
  createRebalanceEngine,
  DEFAULT_ENGINE_TIMING,
  type EngineSettings,
  type OnEngineEvent,
  type RebalanceEngine,
} from '@dalio-lite/engine';
import { BUNDLED_PRICES_DIR, loadPriceHistory } from '@dalio-lite/market-data';
import { instrumentBroker, instrumentLock } from '@dalio-lite/observability';
import {
  type CrashPoints,
  createHeartbeat,
  createRebalanceHistory,
  createRebalanceLock,
  createStateStore,
  type DurableJsonFile,
  type Heartbeat,
  type RebalanceHistory,
  type StateEvent,
  type StateStore,
} from '@dalio-lite/state';
import type { Logger } from 'pino';
import { CliError } from './cli-error.ts';
import { createCommandLogger, logBrokerEvent, logStateEvent } from './logger.ts';
import { createMonitoring, type Monitoring } from './monitoring.ts';

/** The parts of a running Dalio Lite, built once from the config. */
export interface Runtime {
  config: DalioConfig;
  store: StateStore;
  history: RebalanceHistory;
  heartbeat: DurableJsonFile<Heartbeat>;
  /** The configured broker, built on first use. */
  broker(): Promise<Broker>;
  engine(options?: {
    onEvent?: OnEngineEvent;
    sleep?: (ms: number) => Promise<void>;
  }): Promise<RebalanceEngine>;
  settings: EngineSettings;
  /** Where every event of the packages goes (quarantines, skipped history lines, retries, lost locks). */
  logger: Logger;
  /** Metrics, alerts and the positions ledger; the broker and the lock above already report into it. */
  monitoring: Monitoring;
}

/** Build the runtime. Nothing touches the network until `broker()` is called. */
export function createRuntime(
  config: DalioConfig,
  options: {
    crashPoints?: CrashPoints;
    lockStaleMs?: number;
    timing?: Partial<EngineSettings>;
    logger?: Logger;
    /** Aborting it ends the broker adapter's retry waits at once (the daemon's stop signal). */
    brokerSignal?: AbortSignal;
    /** The environment, for secrets the config only names (the SMTP URL of an e-mail channel). */
    env?: NodeJS.ProcessEnv;
  } = {},
): Runtime {
  const stateDir = config.paths.stateDir;
  const env = options.env ?? {};
  const logger = options.logger ?? createCommandLogger(config, false, { env });
  const onEvent = (event: StateEvent) => logStateEvent(logger, event);
  const onStep = options.crashPoints;
  const store = createStateStore({ stateDir, onEvent, ...(onStep ? { onStep } : {}) });
  const history = createRebalanceHistory({ stateDir, onEvent });
  const heartbeat = createHeartbeat({ stateDir, onEvent });
  const settings = { ...engineSettings(config), ...options.timing };
  const monitoring = createMonitoring({ config, logger, env, store, history, onStateEvent: onEvent });
  let broker: Promise<Broker> | null = null;
  const getBroker = () => {
    broker ??= buildBroker(config, logger, monitoring, options.brokerSignal).then((built) =>
      instrumentBroker(built, monitoring.recorder),
    );
    return broker;
  };
  return {
    config,
    store,
    history,
    heartbeat,
    settings,
    logger,
    monitoring,
    broker: getBroker,
    async engine(engineOptions = {}) {
      if (config.mode === 'live') {
        // Live orders open only through the production checklist and capital tiers, which this version
        // does not have yet: refuse rather than trade real money ungated.
        throw new CliError(
          'mode: live is not available yet: live trading opens only through `dalio checklist` and capital tiers, which this version does not ship; set mode: paper',
        );
      }
      // A directory this user cannot write fails here, once, with the fix — not in every cycle of a daemon.
      await store.checkWritable();
      return createRebalanceEngine({
        broker: await getBroker(),
        store,
        lock: instrumentLock(
          createRebalanceLock({
            stateDir,
            onEvent,
            ...(options.lockStaleMs ? { staleMs: options.lockStaleMs } : {}),
          }),
          monitoring.recorder,
        ),
        history,
        heartbeat,
        settings,
        ...(options.crashPoints ? { crashPoints: options.crashPoints } : {}),
        onEvent: (event) => {
          monitoring.onEngineEvent(event);
          engineOptions.onEvent?.(event);
        },
        ...(engineOptions.sleep ? { sleep: engineOptions.sleep } : {}),
      });
    },
  };
}

/** The engine's settings from the config. */
export function engineSettings(config: DalioConfig): EngineSettings {
  return {
    ...DEFAULT_ENGINE_TIMING,
    targets: config.allocation.targets,
    policy: config.policy,
    plan: config.plan,
    risk: config.risk,
    closeBufferMinutes: config.schedule.closeBufferMinutes,
    fillTimeoutMs: config.broker.fillTimeoutMs,
    lookupGraceMs: config.broker.lookupGraceMs,
  };
}

async function buildBroker(
  config: DalioConfig,
  logger: Logger,
  monitoring: Monitoring,
  signal?: AbortSignal,
): Promise<Broker> {
  const { broker } = config;
  if (broker.kind === 'alpaca') {
    const { keyId, secretKey, paper, baseUrl } = broker.alpaca;
    if (!keyId || !secretKey)
      throw new CliError('broker.kind alpaca needs APCA_API_KEY_ID and APCA_API_SECRET_KEY; set both');
    return createAlpacaBroker({
      keyId,
      secret: secretKey,
      paper,
      ...(baseUrl ? { baseUrl } : {}),
      timeoutMs: broker.orderTimeoutMs,
      ...(signal ? { signal } : {}),
      onEvent: (event) => {
        monitoring.onBrokerEvent(event);
        logBrokerEvent(logger, event);
      },
    });
  }
  // The built-in paper simulator, in this process, its account kept beside the state directory.
  const history = await loadPriceHistory({
    dir: broker.simulator.dataDir ?? BUNDLED_PRICES_DIR,
    symbols: simulatorSymbols(config),
  });
  const clock = createSimClock({
    mode: broker.simulator.startAt ? { kind: 'fixed', at: broker.simulator.startAt } : { kind: 'real-time' },
  });
  const simulator = createSimulator({
    clock,
    prices: createHistoryPriceFeed(history),
    seed: broker.simulator.seed,
    initialCashUsd: broker.simulator.startingCashUsd,
    assets: Object.fromEntries(
      broker.simulator.nonFractionable.map((symbol) => [symbol, { fractionable: false }]),
    ),
    store: createFileSimStore(join(config.paths.stateDir, 'simulator')),
  });
  return createSimulatorBroker({ simulator });
}

function simulatorSymbols(config: DalioConfig): string[] {
  return [...new Set([...Object.keys(config.allocation.targets), 'SPY', 'AGG'])].sort();
}
