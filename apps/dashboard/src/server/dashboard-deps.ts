import type { Broker } from '@dalio-lite/broker';
import type { TradingMode } from '@dalio-lite/config';
import type { RebalancePolicy, RiskLimits, Targets } from '@dalio-lite/core';
import type { CyclePreview, CycleReport, HaltOutcome, ResumeOutcome } from '@dalio-lite/engine';
import type { HealthReport } from '@dalio-lite/observability';
import type { DurableJsonFile, Heartbeat, RebalanceHistory, StateStore } from '@dalio-lite/state';
import type { StrategyPort } from './strategy-port.ts';

/** One backup as the backups panel lists it. */
export interface BackupSummary {
  id: string;
  createdAt: string;
  /** Where it is kept, in words (`local /var/backups/dalio`, `s3 my-bucket`). */
  location: string;
  sizeBytes: number | null;
  /** Whether its checksum was verified, and when; null when never verified. */
  verifiedAt: string | null;
}

/** What the backups port answers: the backups, or why there are none to show. */
export type BackupListing =
  | {
      configured: true;
      backups: BackupSummary[];
      /** Stores that could not be listed, each with why (the others' backups are still shown). */
      problems: string[];
    }
  | { configured: false; reason: string };

/** The backups the dashboard shows and takes; `@dalio-lite/backup` provides it, `notConfigured` until then. */
export interface BackupsPort {
  list(): Promise<BackupListing>;
  /** Take a backup now; `configured: false` when backups are not set up. */
  createNow(): Promise<{ configured: true; backup: BackupSummary } | { configured: false; reason: string }>;
}

/** Everything the dashboard reads and does, built by the app that starts it (`dalio dashboard`, the demo). */
export interface DashboardDeps {
  /** The trading mode, from the same setting the engine uses. */
  mode: TradingMode;
  broker: {
    kind: 'simulator' | 'alpaca';
    /** In words, e.g. "on Alpaca paper (fake money)". */
    label: string;
    /** The broker, built on first use. */
    get(): Promise<Broker>;
  };
  settings: { targets: Targets; policy: RebalancePolicy; risk: RiskLimits; timeEt: string };
  stateDir: string;
  store: Pick<StateStore, 'load'>;
  history: Pick<RebalanceHistory, 'readPage' | 'readAll'>;
  heartbeat: Pick<DurableJsonFile<Heartbeat>, 'read'>;
  /** The engine's dry run: the same decision function as a cycle, no lock, nothing written or sent. */
  preview(options: { force: boolean }): Promise<CyclePreview>;
  /** The engine's own cycle under the rebalance lock (and what `dalio run` does after it); busy → `lock-busy`. */
  runCycle(options: { force: boolean }): Promise<CycleReport>;
  halt(options: { reason: string; cancelOrders: boolean; liquidate: boolean }): Promise<HaltOutcome>;
  resume(): Promise<ResumeOutcome>;
  /** Every health check (`dalio health`). */
  health(): Promise<HealthReport>;
  /** The Prometheus text (`dalio metrics`). */
  metrics(): Promise<string>;
  backups: BackupsPort;
  /** Strategy and goals (`dalio strategy|allocation|goal|explain`); without it those pages answer 404. */
  strategy?: StrategyPort;
  now?: () => Date;
  /** What the dashboard reports to the app's log (never a secret). */
  onEvent?: (event: DashboardEvent) => void;
}

/** What the dashboard reports to the log of the app that runs it. */
export type DashboardEvent =
  | { type: 'signed-in'; client: string; via: 'token' | 'link' }
  | { type: 'sign-in-refused'; client: string; lockedOut: boolean }
  | { type: 'action'; action: string; outcome: string }
  | { type: 'read-failed'; what: string; error: unknown }
  | { type: 'request-failed'; path: string; status: number; error: unknown };

/** The backups port of an install without backups: says so, shows nothing made up. */
export function backupsNotConfigured(reason: string): BackupsPort {
  return {
    list: async () => ({ configured: false, reason }),
    createNow: async () => ({ configured: false, reason }),
  };
}
