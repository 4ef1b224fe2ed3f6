export { PRESET_NAMES } from './allocation-schema.ts';
export { type AllocationChoice, writeAllocation } from './allocation-writer.ts';
export { type ConfigFile, configFileSchema } from './config-schema.ts';
export type {
  AllocationConfig,
  AlpacaConfig,
  BackupConfig,
  BackupRetentionConfig,
  BrokerConfig,
  ConfigEnv,
  DalioConfig,
  DashboardConfig,
  LiveConfig,
  LoggingConfig,
  NotificationChannel,
  NotificationsConfig,
  PathsConfig,
  PlanConfig,
  S3BackupConfig,
  ScheduleConfig,
  Severity,
  SimulatorConfig,
  TradingMode,
} from './dalio-config.ts';
export { isLoopbackHost } from './dashboard-schema.ts';
export { describeConfig, REDACTED } from './describe-config.ts';
export { closestMatch, didYouMean } from './did-you-mean.ts';
export { ConfigError, type ConfigErrorOptions } from './errors.ts';
export {
  DEFAULT_CONFIG_FILE,
  defaultConfig,
  type LoadConfigOptions,
  loadConfig,
  type ParseConfigOptions,
  parseConfig,
} from './load-config.ts';
