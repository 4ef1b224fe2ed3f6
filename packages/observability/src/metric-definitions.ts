/** A Prometheus metric type as Dalio Lite uses them. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** One metric: its name, type, help text and label names (a fixed, low-cardinality set). */
export interface MetricDefinition {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly labelNames: readonly string[];
  /** Upper bounds of a histogram's buckets, in the metric's base unit. */
  readonly buckets?: readonly number[];
}

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;
const CYCLE_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800] as const;
const LOCK_BUCKETS = [0.01, 0.1, 0.5, 1, 5, 15, 30, 60, 300, 1800] as const;

function define<const D extends MetricDefinition>(definition: D): D {
  return definition;
}

/** Every metric Dalio Lite exports; `dalio metrics`, the daemon's `/metrics` and the dashboard share them. */
export const METRICS = {
  buildInfo: define({
    name: 'dalio_build_info',
    type: 'gauge',
    help: 'Always 1; the labels name the running version, Node.js version, trading mode and broker kind.',
    labelNames: ['version', 'node_version', 'mode', 'broker'],
  }),
  cycles: define({
    name: 'dalio_cycles_total',
    type: 'counter',
    help: 'Rebalance cycles by outcome and code, counted from the rebalance history.',
    labelNames: ['outcome', 'code'],
  }),
  cycleDuration: define({
    name: 'dalio_cycle_duration_seconds',
    type: 'histogram',
    help: 'How long each rebalance cycle took, from the rebalance history.',
    labelNames: [],
    buckets: CYCLE_BUCKETS,
  }),
  cyclesWithoutTrade: define({
    name: 'dalio_cycles_without_trade_total',
    type: 'counter',
    help: 'Cycles that placed no order, by the reason why (a fixed set), from the rebalance history.',
    labelNames: ['reason'],
  }),
  lastNoTradeReason: define({
    name: 'dalio_last_cycle_no_trade_reason',
    type: 'gauge',
    help: '1 for the reason the last cycle did not trade, 0 for every other reason (all 0 when it traded).',
    labelNames: ['reason'],
  }),
  lastCycle: define({
    name: 'dalio_last_cycle_timestamp_seconds',
    type: 'gauge',
    help: 'When the last cycle finished, whatever its outcome (Unix time).',
    labelNames: [],
  }),
  lastSuccessfulCycle: define({
    name: 'dalio_last_successful_cycle_timestamp_seconds',
    type: 'gauge',
    help: 'When the last successful cycle finished (committed, held, or market closed), Unix time.',
    labelNames: [],
  }),
  lastRebalance: define({
    name: 'dalio_last_rebalance_timestamp_seconds',
    type: 'gauge',
    help: 'When the portfolio was last rebalanced (a committed trade), Unix time.',
    labelNames: [],
  }),
  lastRebalanceAge: define({
    name: 'dalio_last_rebalance_age_seconds',
    type: 'gauge',
    help: 'Seconds since the last rebalance (divide by 86400 for days).',
    labelNames: [],
  }),
  orders: define({
    name: 'dalio_orders_total',
    type: 'counter',
    help: 'Orders of the autopilot by side and final broker status, counted once each from the history.',
    labelNames: ['side', 'status'],
  }),
  brokerRequests: define({
    name: 'dalio_broker_requests_total',
    type: 'counter',
    help: 'Broker requests by operation and status class (2xx, 4xx, 5xx, network, invalid).',
    labelNames: ['operation', 'status_class'],
  }),
  brokerRequestDuration: define({
    name: 'dalio_broker_request_duration_seconds',
    type: 'histogram',
    help: 'Latency of broker requests by operation, retries included.',
    labelNames: ['operation'],
    buckets: LATENCY_BUCKETS,
  }),
  brokerRetries: define({
    name: 'dalio_broker_retries_total',
    type: 'counter',
    help: 'Safe broker reads that were retried after a transient failure.',
    labelNames: [],
  }),
  ambiguousSubmissions: define({
    name: 'dalio_ambiguous_submissions_total',
    type: 'counter',
    help: 'Order submissions whose outcome the broker left unclear, looked up by client order id instead of resent.',
    labelNames: [],
  }),
  reconciliations: define({
    name: 'dalio_reconciliations_total',
    type: 'counter',
    help: 'Earlier days whose open intent a cycle reconciled with the broker.',
    labelNames: [],
  }),
  lockWait: define({
    name: 'dalio_lock_wait_seconds',
    type: 'histogram',
    help: 'How long a cycle waited for the rebalance lock.',
    labelNames: [],
    buckets: LOCK_BUCKETS,
  }),
  lockHold: define({
    name: 'dalio_lock_hold_seconds',
    type: 'histogram',
    help: 'How long a cycle held the rebalance lock.',
    labelNames: [],
    buckets: LOCK_BUCKETS,
  }),
  breakerTrips: define({
    name: 'dalio_breaker_trips_total',
    type: 'counter',
    help: 'Times a risk breaker tripped (daily_loss, drawdown).',
    labelNames: ['breaker'],
  }),
  breakerTripped: define({
    name: 'dalio_breaker_tripped',
    type: 'gauge',
    help: '1 while a breaker is tripped (until `dalio resume`), else 0.',
    labelNames: ['breaker'],
  }),
  halted: define({
    name: 'dalio_halted',
    type: 'gauge',
    help: '1 while trading is halted by `dalio halt`, else 0.',
    labelNames: [],
  }),
  drift: define({
    name: 'dalio_drift_ratio',
    type: 'gauge',
    help: 'Current weight minus target weight per symbol at the last portfolio snapshot (0.05 = 5 points).',
    labelNames: ['symbol'],
  }),
  equity: define({
    name: 'dalio_equity_dollars',
    type: 'gauge',
    help: 'Account equity at the last portfolio snapshot, in US dollars.',
    labelNames: [],
  }),
  cash: define({
    name: 'dalio_cash_dollars',
    type: 'gauge',
    help: 'Cash at the last portfolio snapshot, in US dollars.',
    labelNames: [],
  }),
  portfolioSnapshot: define({
    name: 'dalio_portfolio_snapshot_timestamp_seconds',
    type: 'gauge',
    help: 'When the portfolio gauges (equity, cash, drift, ledger mismatch) were last read from the broker.',
    labelNames: [],
  }),
  ledgerMismatch: define({
    name: 'dalio_ledger_mismatch_ratio',
    type: 'gauge',
    help: "Value of the broker's positions that differ from the autopilot's ledger, as a fraction of equity.",
    labelNames: [],
  }),
  stateFileSize: define({
    name: 'dalio_state_file_bytes',
    type: 'gauge',
    help: 'Size of each file of the state directory that Dalio Lite keeps (a fixed set).',
    labelNames: ['file'],
  }),
  stateFilesystemFree: define({
    name: 'dalio_state_filesystem_free_bytes',
    type: 'gauge',
    help: 'Free space on the file system of the state directory.',
    labelNames: [],
  }),
  healthCheckStatus: define({
    name: 'dalio_health_check_status',
    type: 'gauge',
    help: 'Result of each health check at the last `dalio health`: 0 ok, 1 warn, 2 critical.',
    labelNames: ['check'],
  }),
  healthLastRun: define({
    name: 'dalio_health_last_run_timestamp_seconds',
    type: 'gauge',
    help: 'When `dalio health` last ran its checks.',
    labelNames: [],
  }),
  alertDeliveries: define({
    name: 'dalio_alert_deliveries_total',
    type: 'counter',
    help: 'Alert messages by channel kind and result (sent, failed).',
    labelNames: ['channel', 'result'],
  }),
  alertsDeduplicated: define({
    name: 'dalio_alerts_deduplicated_total',
    type: 'counter',
    help: 'Repeated alerts not sent again because the re-notify interval had not passed.',
    labelNames: [],
  }),
  backupLastSuccess: define({
    name: 'dalio_backup_last_success_timestamp_seconds',
    type: 'gauge',
    help: 'When a backup was last stored and verified, by store (local, s3), Unix time.',
    labelNames: ['store'],
  }),
  backupFailures: define({
    name: 'dalio_backup_failures_total',
    type: 'counter',
    help: 'Backups that could not be stored or verified, by store (local, s3); a failed off-site upload is retried later.',
    labelNames: ['store'],
  }),
  backupLastVerifiedRestore: define({
    name: 'dalio_backup_last_verified_restore_timestamp_seconds',
    type: 'gauge',
    help: 'When a restore drill last restored, loaded and reconciled the newest backup of every store, Unix time.',
    labelNames: [],
  }),
  backupPendingUploads: define({
    name: 'dalio_backup_pending_uploads',
    type: 'gauge',
    help: 'Backups stored locally whose off-site upload failed and waits for a retry.',
    labelNames: [],
  }),
} as const;

/** The key of one metric in `METRICS`. */
export type MetricKey = keyof typeof METRICS;

/** The keys of the counters the process records (persisted across restarts). */
export type PersistedCounterKey =
  | 'brokerRequests'
  | 'brokerRetries'
  | 'ambiguousSubmissions'
  | 'reconciliations'
  | 'breakerTrips'
  | 'alertDeliveries'
  | 'alertsDeduplicated'
  | 'backupFailures';

/** The keys of the histograms the process records (persisted across restarts). */
export type PersistedHistogramKey = 'brokerRequestDuration' | 'lockWait' | 'lockHold';
