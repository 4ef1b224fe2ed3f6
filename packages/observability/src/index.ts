export {
  ALERT_KINDS,
  ALERT_SEVERITIES,
  type Alert,
  type AlertKind,
  type AlertSeverity,
  alertSubject,
  alertText,
  atLeast,
} from './alerts/alert.ts';
export {
  ALERTS_FILE,
  type AlertState,
  createAlertStateFile,
  type FiringAlert,
} from './alerts/alert-state.ts';
export {
  BACKUP_ALERT_KEY,
  backupFailedAlert,
  backupResolvedAlert,
  stateRestoredAlert,
} from './alerts/backup-alerts.ts';
export {
  alertsForCycle,
  CYCLE_ALERT_KEY,
  type CycleAlertInput,
  missedDayAlert,
  STATE_RECOVERY_ACTION,
} from './alerts/cycle-alerts.ts';
export { createEmailChannel, type EmailChannelOptions } from './alerts/email-channel.ts';
export { createFileChannel, createLogChannel } from './alerts/file-channel.ts';
export { alertsForHealth, checkAlertKey } from './alerts/health-alerts.ts';
export {
  type AlertChannel,
  type AlertOutcome,
  createNotifier,
  type Delivery,
  type Notifier,
  type NotifierEvent,
  type NotifierOptions,
} from './alerts/notifier.ts';
export { pingSuccessUrl } from './alerts/success-ping.ts';
export {
  fillTemplate,
  TEMPLATE_FIELDS,
  templateProblem,
  type WebhookPreset,
  type WebhookTemplates,
  webhookBody,
} from './alerts/webhook-body.ts';
export { createWebhookChannel, type WebhookChannelOptions } from './alerts/webhook-channel.ts';
export {
  type BrokerFailure,
  type BrokerProbe,
  describeBrokerFailure,
  type Probed,
  probeBroker,
} from './health/broker-probe.ts';
export {
  DEFAULT_HEALTH_SETTINGS,
  type DiskLook,
  type HealthData,
  type HealthSettings,
  type LockLook,
} from './health/health-data.ts';
export {
  CHECK_NAMES,
  type CheckName,
  type CheckResult,
  type CheckStatus,
  type HealthReport,
  statusRank,
  worstStatus,
} from './health/health-report.ts';
export {
  attempt,
  type HealthRun,
  type HealthRunOptions,
  healthGauges,
  runHealthChecks,
} from './health/run-health-checks.ts';
export { type HistorySummary, summarizeHistory } from './history-summary.ts';
export {
  type BrokerStatusClass,
  instrumentBroker,
  statusClassOfError,
} from './instrument/instrument-broker.ts';
export { instrumentLock } from './instrument/instrument-lock.ts';
export { createLockedJsonFile, type LockedJsonFile } from './locked-json-file.ts';
export {
  METRICS,
  type MetricDefinition,
  type MetricKey,
  type MetricType,
  type PersistedCounterKey,
  type PersistedHistogramKey,
} from './metric-definitions.ts';
export { METRIC_UNIT_SUFFIXES, metricNameProblems } from './metric-names.ts';
export {
  emptyMetricsFile,
  type Labels,
  METRICS_FILE,
  type MetricsFile,
  metricsFileSchema,
  type Series,
} from './metrics-file.ts';
export {
  createMetricsRecorder,
  type MetricsRecorder,
  type MetricsRecorderOptions,
} from './metrics-recorder.ts';
export { createDalioMetrics, type DalioMetrics, type DalioMetricsOptions } from './metrics-registry.ts';
export { type MetricsServer, serveMetrics } from './metrics-server.ts';
export { buildMetricsSnapshot, type MetricsSnapshot, SIZED_STATE_FILES } from './metrics-snapshot.ts';
export {
  type CycleFacts,
  cycleCodeOf,
  cycleFactsOf,
  cycleTraded,
  isSuccessfulCycle,
  NO_TRADE_REASONS,
  NO_TRADE_TEXT,
  type NoTradeReason,
  noTradeReasonOf,
  whyNoTrade,
} from './no-trade-reason.ts';
export { portfolioGauges } from './portfolio-gauges.ts';
export {
  createPositionsLedger,
  expectedShares,
  LEDGER_FILE,
  type LedgerDifference,
  ledgerDifferences,
  type PositionsLedger,
  type PositionsLedgerFile,
} from './positions-ledger.ts';
export { createRedactor, REDACTED, type Redactor, SECRET_FIELD_PATTERN } from './redact.ts';
