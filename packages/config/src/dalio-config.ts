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
}

/** One place alerts and summaries go. */
export type NotificationChannel =
  | { kind: 'console' }
  | { kind: 'file'; path: string }
  | { kind: 'webhook'; url: string }
  | { kind: 'email'; to: string; smtpUrlEnv?: string };

/** How severe an event must be to notify. */
export type Severity = 'info' | 'warning' | 'critical';

/** Where notifications go and from which severity on. */
export interface NotificationsConfig {
  channels: NotificationChannel[];
  minSeverity: Severity;
}

/** An S3 (or S3-compatible) backup target; credentials come from the AWS_* environment only. */
export interface S3BackupConfig {
  bucket: string;
  prefix: string;
  region: string;
  endpoint: string | null;
  forcePathStyle: boolean;
}

/** Local and optional cloud backups of the state directory. */
export interface BackupConfig {
  local: { dir: string; keep: number };
  s3: S3BackupConfig | null;
}

/** The live-trading gate: confirmation, capital tiers and paper days required first. */
export interface LiveConfig {
  confirmed: boolean;
  tiers: number[];
  requiredPaperDays: number;
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
