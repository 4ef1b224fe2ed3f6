import type { LiveConfig, TradingMode } from '@dalio-lite/config';
import type { Account, BrokerVenue, RiskLimits } from '@dalio-lite/core';
import type { HealthReport, Probed } from '@dalio-lite/observability';
import type { AccountBinding } from '@dalio-lite/state';
import type { AlertTestRecord, SignOffRecord } from './gate-files.ts';
import type { TrackRecord } from './track-record.ts';
import type { TradingTarget } from './trading-target.ts';

/** The `npm test` result file (written by scripts/test-all.mjs), as the checklist reads it. */
export interface TestResult {
  ok: boolean;
  passed: number;
  failed: number;
  skipped: number;
  /** `git rev-parse HEAD` of the tree the tests ran on; null when it was not a git checkout. */
  commit: string | null;
  /** Whether the tree had uncommitted changes. */
  dirty: boolean;
  finishedAt: string;
}

/** The installation's own tests: the recorded result and the commit installed now. */
export interface InstallTests {
  path: string;
  result: TestResult | null;
  installCommit: string | null;
  /** Why the installed commit is unknown (not a git checkout, git missing). */
  commitProblem: string | null;
}

/** The fields of a `dalio soak --json` report the checklist reads (the report may hold more). */
export interface SoakReport {
  days: number;
  verdict: string;
  duplicateOrders: number;
  unknownOrders: number;
}

/** The Alpaca paper install's record, read without touching it. */
export interface PaperEvidence {
  dir: string;
  exists: boolean;
  binding: AccountBinding | null;
  record: TrackRecord;
}

/** A backup as the checklist needs it. */
export interface BackupFact {
  id: string;
  createdAt: string;
  /** When its bytes were last verified (null: never). */
  verifiedAt: string | null;
}

/** Backups and restore drills, as the backup package reports them. */
export interface BackupEvidence {
  /** The newest verified local backup, or null. */
  local: BackupFact | null;
  /** The newest verified off-site (S3) backup, null when none, or `not-configured`. */
  offsite: BackupFact | null | 'not-configured';
  /** The last restore drill, or null when none ran. */
  drill: { at: string; ok: boolean; detail: string } | null;
}

/** This machine's clock and time zone, compared with the broker's clock. */
export interface ClockLook {
  localAt: string;
  /** The broker's clock, or why it could not be read. */
  broker: Probed<string>;
  /** `timedatectl`'s NTPSynchronized, or `unknown` where it is not available. */
  ntp: 'synchronized' | 'not-synchronized' | 'unknown';
  ntpDetail: string;
  /** The process's time zone (Intl), and the TZ variable when set. */
  timeZone: string | null;
  tzEnv: string | null;
  /** Why the time zone setup is not sane, or null. */
  zoneProblem: string | null;
}

/** The state directory's owner and permissions. */
export interface StateDirLook {
  dir: string;
  exists: boolean;
  /** Whether it holds a state yet (`state.json`): before the first cycle there is nothing to back up. */
  hasState: boolean;
  /** One sentence per problem (owner, mode of the directory or a file). */
  problems: string[];
}

/** What the checklist is judged on, read once; every item is a pure function of it. */
export interface ChecklistEvidence {
  /** `full` for `dalio checklist` and `live enable`; `cycle` for the re-check of every live cycle (no health run). */
  scope: 'full' | 'cycle';
  now: Date;
  config: {
    mode: TradingMode;
    /** The config file used, null when none was. */
    source: string | null;
    target: TradingTarget;
    risk: RiskLimits;
    live: LiveConfig;
    dashboard: { host: string; hasToken: boolean };
    /** Whether an off-site store (backup.s3) is configured. */
    offsiteBackup: boolean;
    /** The configured alert channels, as `dalio alert test` names them, with their kind. */
    channels: { label: string; kind: string }[];
  };
  tests: Probed<InstallTests>;
  /** The account the live broker reports; null when the configuration is not live (nothing was asked). */
  account: Probed<{ venue: BrokerVenue; account: Account }> | null;
  paper: Probed<PaperEvidence>;
  soak: Probed<SoakReport | null>;
  backups: Probed<BackupEvidence>;
  /** `dalio health`; null in the `cycle` scope. */
  health: Probed<HealthReport> | null;
  /** Whether the live state has recorded any cycle yet (before the first, "no cycle yet" warnings are expected). */
  liveCycles: number;
  alertTests: Probed<AlertTestRecord | null>;
  clock: Probed<ClockLook>;
  stateDir: Probed<StateDirLook>;
  signOffs: Probed<SignOffRecord | null>;
}
