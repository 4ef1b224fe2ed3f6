import type { PlanOptions, PresetName, RebalancePolicy, RiskLimits, Targets } from '@dalio-lite/core';

/** Paper trades with fake money (simulator or Alpaca paper); live trades real money at Alpaca. */
export type TradingMode = 'paper' | 'live';

/** The target allocation: a built-in preset or the user's own weights (normalised to sum to 1). */
export interface AllocationConfig {
  preset: PresetName | 'custom';
  targets: Targets;
}

/** Core's plan options plus whether every symbol trades in whole shares. */
export type PlanConfig = PlanOptions & { wholeShares: boolean };

/** Alpaca connection settings; keys come from the environment or a 0600 key file, never the YAML. */
export interface AlpacaConfig {
  keyId: string | null;
  secretKey: string | null;
  /** Derived from `mode`: true unless `mode: live`. */
  paper: boolean;
  /** Another host for the Alpaca API (the simulator server or a proxy); null = Alpaca's own. */
  baseUrl: string | null;
  dataFeed: 'iex' | 'sip';
}

/** The built-in paper simulator's settings. */
export interface SimulatorConfig {
  /** Directory of historical prices to replay; null = a seeded price model. */
  dataDir: string | null;
  /** Simulated seconds per real second. */
  speed: number;
  /** ISO date or date-time the simulated clock starts at; null = now. */
  startAt: string | null;
  startingCashUsd: number;
  seed: number;
  /** Symbols traded in whole shares only, as Alpaca treats assets that are not fractionable. */
  nonFractionable: string[];
}

/** Which broker to trade at and how long to wait for it. */
export interface BrokerConfig {
  kind: 'simulator' | 'alpaca';
  alpaca: AlpacaConfig;
  simulator: SimulatorConfig;
  orderTimeoutMs: number;
  fillTimeoutMs: number;
  /** How long "order not found" after an ambiguous submit still means "unknown", not "absent". */
  lookupGraceMs: number;
}

/** When the daily cycle runs, in US Eastern time. */
export interface ScheduleConfig {
  timeEt: string;
  closeBufferMinutes: number;
}

/** Where state lives; absolute, and different for paper and live by default. */
export interface PathsConfig {
  stateDir: string;
}

/** The dashboard's bind address and action token. */
export interface DashboardConfig {
  host: string;
  port: number;
  token: string | null;
  /** Serve the read-only pages to anyone who reaches the port (explicit opt-in; actions still need the token). */
  readOnlyWithoutToken: boolean;
}

/** One place alerts and summaries go. */
export type NotificationChannel =
  | { kind: 'console' }
  | { kind: 'file'; path: string }
  | {
      kind: 'webhook';
      url: string;
      /** The JSON shape: every field (`generic`), Slack's `{text}` or Discord's `{content}`. */
      preset: 'generic' | 'slack' | 'discord';
      /** JSON templates with `{{field}}` placeholders by alert kind (or `default`); they win over the preset. */
      templates: Partial<Record<string, string>>;
    }
  | {
      kind: 'email';
      to: string;
      from: string | null;
      /** The environment variable holding the SMTP URL (`smtp://user:pass@host:587`). */
      smtpUrlEnv: string;
    };

/** How severe an event must be to notify. */
export type Severity = 'info' | 'warning' | 'critical';

/** Where notifications go, from which severity on, and how repeats and slow channels are bounded. */
export interface NotificationsConfig {
  channels: NotificationChannel[];
  minSeverity: Severity;
  /** A firing alert is repeated only after this many minutes (a change of severity is sent at once). */
  renotifyMinutes: number;
  /** The most time sending alerts may take after a cycle, every channel and retry included. */
  timeoutMs: number;
  /** Further webhook attempts after a 5xx, 429 or network failure, within `timeoutMs`. */
  retries: number;
  /** A healthchecks-style URL hit after each successful cycle (an outside dead-man switch); null = none. */
  successPingUrl: string | null;
  /** How late the day's successful cycle may be before the dead-man alert. */
  deadManGraceMinutes: number;
  /** Drift beyond the band with no rebalance for more days than this warns; null = policy.minDaysBetween + 7. */
  driftAlertDays: number | null;
}

/** An S3 (or S3-compatible) backup target; credentials come from the AWS_* environment only. */
export interface S3BackupConfig {
  bucket: string;
  prefix: string;
  region: string;
  endpoint: string | null;
  forcePathStyle: boolean;
  /** Server-side encryption of every object. */
  serverSideEncryption: 'AES256' | 'aws:kms' | 'none';
  /** The KMS key for `aws:kms`; null = the bucket's default key. */
  kmsKeyId: string | null;
}

/** Generations kept besides the last `local.keep`: the newest backup of each of the last N days, weeks, months. */
export interface BackupRetentionConfig {
  daily: number;
  weekly: number;
  monthly: number;
}

/** Local and optional cloud backups of the state directory. */
export interface BackupConfig {
  /** Back up after every cycle that changed the state, and on the daemon's schedule. */
  auto: boolean;
  /** The daemon backs up (if the state changed), retries off-site uploads and prunes this often. */
  everyHours: number;
  local: { dir: string; keep: number };
  retention: BackupRetentionConfig;
  s3: S3BackupConfig | null;
}

/** The live-trading gate: capital tiers, the days each needs, the paper days first, and the checklist's evidence. */
export interface LiveConfig {
  /** Capital caps in dollars, smallest first; after the last tier comes "full" (no cap). */
  tiers: number[];
  /** Live trading days without an error on one tier before moving to the next. */
  tierDays: number;
  requiredPaperDays: number;
  /** The Alpaca paper state directory whose history proves the paper days; null when no default exists (no HOME). */
  paperStateDir: string | null;
  /** The JSON report of `dalio soak --json` (absolute). */
  soakReport: string;
  /** The `npm test` result file; null = the installation's own `.dalio/test-result.json`. */
  testResult: string | null;
  maxBackupAgeHours: number;
  maxDrillAgeDays: number;
  maxClockSkewMs: number;
}

/** Log level and optional log file. */
export interface LoggingConfig {
  level: 'debug' | 'info' | 'warn' | 'error';
  file: string | null;
}

/** Every setting of Dalio Lite, validated and resolved to ready-to-use values. */
export interface DalioConfig {
  mode: TradingMode;
  allocation: AllocationConfig;
  policy: RebalancePolicy;
  plan: PlanConfig;
  risk: RiskLimits;
  broker: BrokerConfig;
  schedule: ScheduleConfig;
  paths: PathsConfig;
  dashboard: DashboardConfig;
  notifications: NotificationsConfig;
  backup: BackupConfig;
  live: LiveConfig;
  logging: LoggingConfig;
  /** The absolute path of the config file used, or null when none was. */
  source: string | null;
}

/** The environment the loader reads (pass `process.env`); empty strings count as unset. */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;
