import type { Broker, SimClock } from '@dalio-lite/broker';
import {
  createRebalanceEngine,
  type DeliberateBug,
  type EngineEvent,
  type EngineSettings,
  type RebalanceEngine,
} from '@dalio-lite/engine';
import {
  createHeartbeat,
  createRebalanceHistory,
  createStateStore,
  REBALANCE_LOCK_CONFIG,
  type RebalanceHistory,
  type StateStore,
} from '@dalio-lite/state';
import type { FsProcess, SimFileSystem } from './sim-fs.ts';
import type { LockProcess, SimLocks } from './sim-locks.ts';
import type { NetworkControl } from './sim-network.ts';

/** The machine a simulated process runs on: its disk, locks, network, the broker's clock and its own. */
export interface SimHost {
  fs: SimFileSystem;
  locks: SimLocks;
  network: NetworkControl;
  /** The broker's clock (the simulator's). */
  clock: SimClock;
  /** The host's own clock: the broker's plus whatever skew the scenario gave it. */
  localNow: () => Date;
  stateDir: string;
  settings: EngineSettings;
}

/** What a simulated process is started with. */
export interface SimProcessOptions {
  /** Called at every named step of its cycles and state writes: the scenario crashes, stops or halts it there. */
  onStep?: (process: SimProcess, step: string) => void | Promise<void>;
  deliberateBug?: DeliberateBug;
}

/** One simulated `dalio` process: its own store, history, locks and broker port, on the shared host. */
export interface SimProcess extends FsProcess, LockProcess {
  readonly store: StateStore;
  readonly history: RebalanceHistory;
  readonly broker: Broker;
  readonly engine: RebalanceEngine;
  /** Everything its engine reported, in order. */
  readonly events: EngineEvent[];
  /** Settles once the process is killed. */
  readonly died: Promise<void>;
  /** SIGKILL: nothing it started ever returns; its locks are taken over as a dead holder's. */
  kill(): void;
  /** SIGSTOP and SIGCONT. */
  pause(): void;
  resume(): void;
}

const never = <T>(): Promise<T> => new Promise<T>(() => {});

/** Start a simulated process with id `id` on `host`. */
export function createSimProcess(id: number, host: SimHost, options: SimProcessOptions = {}): SimProcess {
  let alive = true;
  let pausedSinceMs: number | null = null;
  let markDead = () => {};
  const died = new Promise<void>((resolve) => {
    markDead = resolve;
  });
  const identity: FsProcess & LockProcess = {
    id,
    isAlive: () => alive,
    pausedSinceMs: () => pausedSinceMs,
  };
  const fs = host.fs.portFor(identity);
  const now = host.localNow;
  const onStep = async (step: string) => {
    if (!alive) return never<void>();
    await options.onStep?.(process, step);
    if (!alive) return never<void>();
  };
  const store = createStateStore({
    stateDir: host.stateDir,
    fs,
    now,
    onStep,
    updateLock: host.locks.updateLock(identity, `${host.stateDir}/state.update.lock`),
  });
  const history = createRebalanceHistory({ stateDir: host.stateDir, fs, now });
  const broker = host.network.brokerFor(identity);
  const events: EngineEvent[] = [];
  let cycles = 0;
  const engine = createRebalanceEngine({
    broker,
    store,
    lock: host.locks.rebalanceLock(identity, `${host.stateDir}/${REBALANCE_LOCK_CONFIG.fileName}`),
    history,
    heartbeat: createHeartbeat({ stateDir: host.stateDir, fs, now }),
    settings: host.settings,
    now,
    sleep: async (ms) => {
      if (!alive) return never();
      host.clock.advance(ms);
    },
    crashPoints: onStep,
    onEvent: (event) => events.push(event),
    newCycleId: () => `p${id}-c${++cycles}`,
    ...(options.deliberateBug ? { deliberateBug: options.deliberateBug } : {}),
  });
  const process: SimProcess = {
    ...identity,
    store,
    history,
    broker,
    engine,
    events,
    died,
    kill() {
      alive = false;
      markDead();
    },
    pause() {
      pausedSinceMs = host.clock.now().getTime();
    },
    resume() {
      pausedSinceMs = null;
    },
  };
  return process;
}
