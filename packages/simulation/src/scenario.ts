import type { FaultKind } from '@dalio-lite/broker';
import type { PresetName } from '@dalio-lite/core';
import type { FsFaultKind } from './sim-fs.ts';

/** How a crash takes the process down: SIGKILL (the page cache survives) or a power cut (unsynced data is lost). */
export type CrashMode = 'kill' | 'power';

/** Die at the `nth` time the process reaches `step` (a cycle step or a step of a state write). */
export interface CrashSpec {
  step: string;
  nth: number;
  mode: CrashMode;
}

/**
 * Stop the process (SIGSTOP, a VM suspend) at the `nth` time it reaches `step`, for `pauseMs` of broker time.
 * With `racer`, another process runs a cycle meanwhile (waiting for the lock if `racerWaits`); `halt` has the
 * owner halt trading meanwhile.
 */
export interface PauseSpec {
  step: string;
  nth: number;
  pauseMs: number;
  racer: boolean;
  racerWaits: boolean;
  halt: boolean;
}

/** A broker fault queued for the next `times` requests matching `route` (`METHOD /path`, `*` wildcards). */
export interface BrokerFault {
  route: string;
  fault: FaultKind;
  times: number;
}

/** A file-system fault on the `nth` next operation it applies to. */
export interface FsFault {
  kind: FsFaultKind;
  nth: number;
}

/** How the state file gets damaged. */
export type Damage = 'truncate' | 'empty' | 'nul-fill' | 'flip-byte' | 'rollback' | 'missing';

/** Faults armed for the next cycle, whichever runs next (the daemon's daily one or an extra one). */
export interface CycleFaults {
  crash: CrashSpec | null;
  pause: PauseSpec | null;
  brokerFaults: BrokerFault[];
  /** Chance that any request meets a random transient fault (5xx, 429, timeout, lost answer, junk). */
  faultRate: number;
  fsFaults: FsFault[];
  /** Business rejections of the next submissions. */
  rejections: number;
}

/** One thing that happens in a scenario. */
export type Action =
  | ({ kind: 'faults' } & CycleFaults)
  /** An extra cycle besides the daemon's: `dalio run` by hand or "rebalance now" on the dashboard. */
  | { kind: 'cycle'; waitForLock: boolean }
  | { kind: 'user-trade'; symbol: string; usd: number }
  | { kind: 'halt' }
  | { kind: 'resume' }
  /** Put back the backup taken at the start of the day `daysBack` days ago (0: this morning's), then run a cycle. */
  | { kind: 'restore'; daysBack: number }
  | { kind: 'damage'; how: Damage }
  /** The operator's way out of a quarantine without a backup: `dalio state reset --yes`, `dalio resume`, a cycle. */
  | { kind: 'reset' }
  | { kind: 'trading-blocked'; blocked: boolean }
  /** The local clock drifts from the broker's by `skewMs` (NTP trouble, a wrong timezone, a VM resume). */
  | { kind: 'local-clock'; skewMs: number }
  | { kind: 'power-cut' };

/** An action at a New York time (`HH:MM`) of calendar day `day` of the scenario. */
export interface ScenarioEvent {
  day: number;
  at: string;
  action: Action;
}

/** The account, the portfolio settings and the market behaviour a seed picks. */
export interface ScenarioSetup {
  /** Seed of the simulator's and the file system's randomness. */
  seed: number;
  /** Seed of the price model. */
  priceSeed: number;
  cashUsd: number;
  accountType: 'margin' | 'cash';
  /** Share of the starting cash put into each symbol before the first day (the owner's own trades). */
  holdings: Record<string, number>;
  preset: PresetName;
  absoluteBand: number;
  minDaysBetween: number;
  wholeShares: boolean;
  nonFractionable: string[];
  consistency: 'immediate' | 'alpaca';
  partialFillProbability: number;
  partialFillDelayMs: number;
  asyncRejectProbability: number;
  slippageBps: number;
  pollIntervalMs: number;
  lookupGraceMs: number;
  fillTimeoutMs: number;
  closeBufferMinutes: number;
  /** When a lock holder that was taken over notices (proper-lockfile's next refresh); null: never. */
  lockNoticeMs: number | null;
}

/** One simulated run: a setup, calendar days from `start`, the daily cycle's time, and the fault schedule. */
export interface Scenario {
  setup: ScenarioSetup;
  /** The first calendar day (New York), `YYYY-MM-DD`. */
  start: string;
  days: number;
  /** The daemon's daily cycle time (New York, `HH:MM`). */
  dailyAt: string;
  events: ScenarioEvent[];
}
