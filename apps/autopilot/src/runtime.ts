import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupService } from '@dalio-lite/backup';
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
import type { Targets } from '@dalio-lite/core';
import {
  createRebalanceEngine,
  DEFAULT_ENGINE_TIMING,
  type EngineSettings,
  type OnEngineEvent,
  type RebalanceEngine,
} from '@dalio-lite/engine';
import { checkKeyPin, describeLiveOff, GateError, tradingTarget } from '@dalio-lite/gate';
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
import { forceWhileAllocationPending } from '@dalio-lite/strategy';
import type { Logger } from 'pino';
import { type BackupAutomation, backupEventHandler, createBackupAutomation } from './backup-automation.ts';
import { backupEvidenceOf, configBackupService } from './backup-evidence.ts';
import { CliError } from './cli-error.ts';
import { createLiveGate, type LiveGate } from './live-gate.ts';
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
    /** Other targets than the config's (a daemon following an allocation change). */
    targets?: Targets;
  }): Promise<RebalanceEngine>;
  settings: EngineSettings;
  /** Where every event of the packages goes (quarantines, skipped history lines, retries, lost locks). */
  logger: Logger;
  /** Metrics, alerts and the positions ledger; the broker and the lock above already report into it. */
  monitoring: Monitoring;
  /** The live gate: the checklist's evidence, the decision files, and the gate every cycle asks. */
  gate: LiveGate;
  /** The clock decisions are recorded and judged by (the wall clock unless a test pins it). */
  now: () => Date;
  /** Backups of the state directory (`dalio backup`, the dashboard's panel). */
  backups: BackupService;
  /** Backups taken after cycles and on the daemon's schedule, and the engine's recovery of an unreadable state. */
  backupAutomation: BackupAutomation;
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
    /** The clock the live gate judges ages and skew by (tests pin it to the simulator's). */
    now?: () => Date;
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
  const now = options.now ?? (() => new Date());
  const backups = configBackupService({
    config,
    store,
    broker: getBroker,
    env,
    now,
    ...(options.lockStaleMs ? { lockStaleMs: options.lockStaleMs } : {}),
    onEvent: backupEventHandler(monitoring, logger),
  });
  const backupAutomation = createBackupAutomation({ config, service: backups, store, monitoring, logger });
  const gate = createLiveGate({
    config,
    logger,
    env,
    history,
    broker: getBroker,
    backups: async () => backupEvidenceOf(await backups.readiness()),
    now,
    onStateEvent: onEvent,
  });
  return {
    config,
    store,
    history,
    heartbeat,
    settings,
    logger,
    monitoring,
    gate,
    now,
    backups,
    backupAutomation,
    broker: getBroker,
    async engine(engineOptions = {}) {
      // The pin, at start: paper keys on the live host (or the reverse) never reach a cycle. Each cycle checks
      // it again with what the broker reports, and a live cycle re-judges the whole gate.
      const target = tradingTarget(config);
      const pin = checkKeyPin(target);
      if (!pin.ok) throw new GateError('pin-mismatch', pin.reason);
      if (target.venue === 'alpaca-live') {
        // Not enabled (or disabled): refuse before the live broker is asked anything.
        const record = await gate.files.liveGate.read();
        if (!record?.current) throw new GateError('not-enabled', describeLiveOff(record));
      }
      // A directory this user cannot write fails here, once, with the fix — not in every cycle of a daemon.
      await store.checkWritable();
      const cycleSettings = engineOptions.targets
        ? { ...settings, targets: engineOptions.targets }
        : settings;
      const engine = createRebalanceEngine({
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
        settings: cycleSettings,
        ...(options.crashPoints ? { crashPoints: options.crashPoints } : {}),
        onEvent: (event) => {
          monitoring.onEngineEvent(event);
          engineOptions.onEvent?.(event);
        },
        ...(engineOptions.sleep ? { sleep: engineOptions.sleep } : {}),
        gate: gate.engineGate(),
        recoverState: backupAutomation.recoverState,
      });
      // A recorded allocation change is acted on at the next cycle, not after the minimum days.
      return {
        ...engine,
        runCycle: forceWhileAllocationPending(engine.runCycle, history, cycleSettings.targets),
      };
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
    const { keyId, secretKey, baseUrl } = broker.alpaca;
    // The venue comes from the one function every mode badge reads, so no badge can disagree with it.
    const paper = tradingTarget(config).venue !== 'alpaca-live';
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
  const dataDir = broker.simulator.dataDir ?? BUNDLED_PRICES_DIR;
  const history = await loadPriceHistory({ dir: dataDir, symbols: await simulatorSymbols(config, dataDir) });
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

/** Every symbol with a price file: like Alpaca's asset list, the simulator knows more than the targets. */
async function simulatorSymbols(config: DalioConfig, dataDir: string): Promise<string[]> {
  // A missing directory is reported by loadPriceHistory, naming the file it needed.
  const files = (await readdir(dataDir).catch(() => [])).flatMap(
    (name) => /^([A-Z][A-Z0-9.-]*)\.csv$/.exec(name)?.[1] ?? [],
  );
  return [...new Set([...Object.keys(config.allocation.targets), 'SPY', 'AGG', ...files])].sort();
}
