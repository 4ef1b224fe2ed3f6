import type { Broker } from '@dalio-lite/broker';
import type { DurableJsonFile, Heartbeat, RebalanceHistory, StateStore } from '@dalio-lite/state';
import type { MetricKey } from '../metric-definitions.ts';
import type { MetricsFile, Series } from '../metrics-file.ts';
import type { PositionsLedgerFile } from '../positions-ledger.ts';
import {
  accountCheck,
  brokerCheck,
  dataFreshnessCheck,
  ledgerCheck,
  openOrdersCheck,
} from './broker-checks.ts';
import { type BrokerProbe, type Probed, probeBroker } from './broker-probe.ts';
import {
  brokerErrorsCheck,
  driftCheck,
  heartbeatCheck,
  successRateCheck,
  tradingGatesCheck,
} from './cycle-checks.ts';
import type { HealthData, HealthSettings } from './health-data.ts';
import {
  CHECK_NAMES,
  type CheckResult,
  type HealthReport,
  statusRank,
  worstStatus,
} from './health-report.ts';
import { diskCheck, lockCheck, lookAtDisk, lookAtLock, stateCheck } from './local-checks.ts';

/** Where the checks read from. */
export interface HealthRunOptions {
  stateDir: string;
  store: Pick<StateStore, 'load'>;
  history: Pick<RebalanceHistory, 'readAll'>;
  heartbeat: Pick<DurableJsonFile<Heartbeat>, 'read'>;
  ledger: Pick<PositionsLedgerFile, 'read'>;
  readMetrics(): Promise<MetricsFile>;
  /** The broker, built on demand (building may fail, e.g. without keys: that is a critical broker check). */
  broker(): Promise<Broker>;
  /** How the credentials are named in messages, e.g. `APCA_API_KEY_ID and APCA_API_SECRET_KEY`. */
  keyNames: string;
  settings: HealthSettings;
  now?: () => Date;
  /**
   * The app's pin (key kind, host and the account the broker reports agree; paper vs live), judged on what the
   * broker answered. Without it the check says it was not given, as a warning, never a silent ok.
   */
  pin?: (probe: BrokerProbe) => Omit<CheckResult, 'name'>;
  /**
   * The backups' verdict (a recent verified backup here and off-site, the last verified restore). Without it the
   * check says so, as a warning.
   */
  backups?: () => Promise<Omit<CheckResult, 'name'>>;
}

/** The report, and what was read from the broker (for the portfolio gauges). */
export interface HealthRun {
  report: HealthReport;
  probe: BrokerProbe;
  ledgerMismatchRatio: number | null;
}

/** Run a read and keep its value or its failure's message, never throwing (each check judges what failed). */
export async function attempt<T>(read: () => Promise<T>): Promise<Probed<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Run every check. Each reads what it needs from data gathered once; a check that cannot run (broker down,
 * state unreadable) is critical with that reason, never ok, and a check that throws is critical too.
 */
export async function runHealthChecks(options: HealthRunOptions): Promise<HealthRun> {
  const now = (options.now ?? (() => new Date()))();
  const [state, history, heartbeat, ledger, metrics, lock, disk, probe] = await Promise.all([
    attempt(async () => (await options.store.load())?.payload ?? null),
    attempt(() => options.history.readAll()),
    attempt(() => options.heartbeat.read()),
    attempt(() => options.ledger.read()),
    attempt(() => options.readMetrics()),
    attempt(() => lookAtLock(options.stateDir, now.getTime())),
    attempt(() => lookAtDisk(options.stateDir)),
    probeBroker(options.broker, {
      keyNames: options.keyNames,
      symbols: Object.keys(options.settings.targets),
    }),
  ]);
  const data: HealthData = { now, state, history, heartbeat, ledger, metrics, lock, disk, probe };
  const backups = options.backups ? await attempt(options.backups) : null;
  const { settings } = options;
  let ledgerMismatchRatio: number | null = null;
  const runners: Record<(typeof CHECK_NAMES)[number], () => CheckResult> = {
    heartbeat: () => heartbeatCheck(data, settings),
    state: () => stateCheck(data),
    broker: () => brokerCheck(data),
    pin: () =>
      options.pin
        ? { name: 'pin', ...options.pin(probe) }
        : {
            name: 'pin',
            status: 'warn',
            reason: 'no pin was given to this health run, so paper vs live was not checked',
            fix: 'run `dalio health`, which checks it',
          },
    account: () => accountCheck(data),
    'data-freshness': () => dataFreshnessCheck(data, settings),
    lock: () => lockCheck(data, settings),
    'open-orders': () => openOrdersCheck(data, settings),
    ledger: () => {
      const { result, mismatchRatio } = ledgerCheck(data, settings);
      ledgerMismatchRatio = mismatchRatio;
      return result;
    },
    'success-rate': () => successRateCheck(data, settings),
    'broker-errors': () => brokerErrorsCheck(data, settings),
    drift: () => driftCheck(data, settings),
    'trading-gates': () => tradingGatesCheck(data),
    disk: () => diskCheck(data, settings),
    backups: () => backupsCheck(backups),
  };
  const checks = CHECK_NAMES.map((name): CheckResult => {
    try {
      return runners[name]();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        name,
        status: 'critical',
        reason: `the check itself failed: ${message}`,
        fix: 'report this with `dalio health --json`',
      };
    }
  });
  return {
    report: { status: worstStatus(checks), checkedAt: now.toISOString(), checks },
    probe,
    ledgerMismatchRatio,
  };
}

/** The backups check from the app's verdict; one that could not be reached is critical, a missing one a warning. */
function backupsCheck(verdict: Probed<Omit<CheckResult, 'name'>> | null): CheckResult {
  if (verdict === null) {
    return {
      name: 'backups',
      status: 'warn',
      reason: 'no backup facts were given to this health run',
      fix: 'run `dalio health`, which checks them',
    };
  }
  if (!verdict.ok) {
    return {
      name: 'backups',
      status: 'critical',
      reason: `the backups could not be looked at: ${verdict.reason}`,
      fix: 'run `dalio backup list` to see what is wrong',
    };
  }
  return { name: 'backups', ...verdict.value };
}

/** The health gauges of a report: one status per check (0 ok, 1 warn, 2 critical) and the time it ran. */
export function healthGauges(report: HealthReport): Partial<Record<MetricKey, Series[]>> {
  return {
    healthCheckStatus: report.checks.map((c) => ({ labels: { check: c.name }, value: statusRank(c.status) })),
    healthLastRun: [{ labels: {}, value: Date.parse(report.checkedAt) / 1000 }],
  };
}
