import type { AlpacaBrokerEvent, Broker } from '@dalio-lite/broker';
import type { DalioConfig } from '@dalio-lite/config';
import type { CycleReport, EngineEvent } from '@dalio-lite/engine';
import {
  type Alert,
  alertsForCycle,
  createDalioMetrics,
  createMetricsRecorder,
  createNotifier,
  createPositionsLedger,
  type DalioMetrics,
  expectedShares,
  isSuccessfulCycle,
  ledgerDifferences,
  type MetricsRecorder,
  type Notifier,
  type NotifierEvent,
  type PositionsLedgerFile,
  pingSuccessUrl,
  portfolioGauges,
} from '@dalio-lite/observability';
import type { OnStateEvent, RebalanceHistory, StateStore } from '@dalio-lite/state';
import type { Logger } from 'pino';
import { alertChannels } from './alert-channels.ts';

/** The version reported by `dalio --version` and `dalio_build_info`. */
export const DALIO_VERSION = '0.1.0';

/** Metrics, alerts and the positions ledger of one process, wired to its log. */
export interface Monitoring {
  recorder: MetricsRecorder;
  notifier: Notifier;
  ledger: PositionsLedgerFile;
  metrics: DalioMetrics;
  /** Count what the engine reports (ambiguous submissions, reconciliations, breaker trips). */
  onEngineEvent(event: EngineEvent): void;
  /** Count what the Alpaca adapter reports (retries). */
  onBrokerEvent(event: AlpacaBrokerEvent): void;
  /**
   * After a cycle: send its alerts, ping the success URL, compare and record the positions, update the portfolio
   * gauges and persist the counters. Bounded in time (the notification timeout, the broker's own timeouts) and
   * never throws: a failing channel or disk is logged, never the cycle's problem.
   */
  afterCycle(report: CycleReport, broker: Broker | null): Promise<void>;
  /** Send alerts within the time budget; never throws. */
  notify(alerts: readonly Alert[]): Promise<void>;
  /** Persist the counters; never throws. */
  flush(): Promise<void>;
}

/** What building the monitoring needs from the runtime. */
export interface MonitoringOptions {
  config: DalioConfig;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  store: StateStore;
  history: RebalanceHistory;
  onStateEvent: OnStateEvent;
}

/** Codes after which the broker's positions are settled: the ledger may be recorded. */
const SETTLED_CODES: ReadonlySet<string> = new Set([
  'traded',
  'within-policy',
  'already-rebalanced',
  'market-closed',
]);

/** Build the monitoring of a process. Nothing is read or written until it is used. */
export function createMonitoring(options: MonitoringOptions): Monitoring {
  const { config, logger } = options;
  const stateDir = config.paths.stateDir;
  const recorder = createMetricsRecorder({ stateDir, onEvent: options.onStateEvent });
  const notifier = createNotifier({
    stateDir,
    onEvent: options.onStateEvent,
    channels: alertChannels(config, logger, options.env),
    minSeverity: config.notifications.minSeverity,
    renotifyMs: config.notifications.renotifyMinutes * 60_000,
    timeoutMs: config.notifications.timeoutMs,
    recorder,
    onNotifierEvent: (event) => logNotifierEvent(logger, event),
  });
  const ledger = createPositionsLedger({ stateDir, onEvent: options.onStateEvent });
  const metrics = createDalioMetrics({
    stateDir,
    readHistory: async () => (await options.history.readAll()).records,
    readState: async () => (await options.store.load().catch(() => null))?.payload ?? null,
    recorder,
    build: { version: DALIO_VERSION, mode: config.mode, broker: config.broker.kind },
  });

  const flush = async () => {
    await recorder.flush().then(
      () => undefined,
      (error: unknown) =>
        logger.warn({ event: 'metrics.flush_failed', err: error }, 'metrics could not be saved'),
    );
  };
  const notify = async (alerts: readonly Alert[]) => {
    await notifier
      .notify(alerts)
      .catch((error: unknown) =>
        logger.warn({ event: 'alert.failed', err: error }, 'alerts could not be sent'),
      );
  };

  /** Compare the broker's positions with the records, then record them as the new ledger. */
  const recordPositions = async (broker: Broker): Promise<Alert[]> => {
    const at = new Date();
    const [account, positions, previous, history] = await Promise.all([
      broker.getAccount(),
      broker.getPositions(),
      ledger.read(),
      options.history.readAll(),
    ]);
    const differences = previous
      ? ledgerDifferences(expectedShares(previous, history.records), positions)
      : [];
    const valueUsd = differences.reduce((total, d) => total + d.valueUsd, 0);
    const ratio = previous && account.equityUsd > 0 ? valueUsd / account.equityUsd : previous ? 0 : null;
    recorder.setGauges(
      'portfolio',
      at,
      portfolioGauges({
        account,
        positions,
        targets: config.allocation.targets,
        ledgerMismatchRatio: ratio,
        at,
      }),
    );
    await ledger.record(positions, at);
    if (ratio === null || ratio < 0.001) return [];
    return [
      {
        key: 'check:ledger',
        kind: 'check-failing',
        severity: 'warning',
        title: `The positions changed outside Dalio Lite by $${valueUsd.toFixed(2)} since the last cycle`,
        impact:
          'Someone traded on this account, or a split or transfer happened: drift and risk were computed from the new positions.',
        action:
          'Check the broker’s activity; `dalio status --broker` shows the positions. Nothing to do if it was you.',
        details: differences.map(
          (d) => `${d.symbol}: ${d.brokerShares} shares at the broker, ${d.expectedShares} recorded`,
        ),
        at: at.toISOString(),
        mode: config.mode,
      },
    ];
  };

  return {
    recorder,
    notifier,
    ledger,
    metrics,
    onEngineEvent(event) {
      if (event.type === 'order-ambiguous') recorder.increment('ambiguousSubmissions');
      else if (event.type === 'reconciled') recorder.increment('reconciliations');
      else if (event.type === 'breaker-tripped') {
        recorder.increment('breakerTrips', {
          breaker: event.breaker === 'dailyLoss' ? 'daily_loss' : 'drawdown',
        });
      }
    },
    onBrokerEvent(event) {
      if (event.type === 'retry') recorder.increment('brokerRetries');
    },
    async afterCycle(report, broker) {
      const alerts = alertsForCycle({
        day: report.day,
        outcome: report.outcome,
        code: report.code,
        reason: report.reason,
        orderLines: report.orders.map((order) => {
          const answer = report.answers.findLast((a) => a.clientOrderId === order.clientOrderId);
          const amount =
            order.amount.kind === 'notional' ? `$${order.amount.usd}` : `${order.amount.shares} shares`;
          return `${order.side} ${order.symbol} ${amount}: ${answer?.error?.message ?? answer?.status ?? 'not sent'}`;
        }),
        errors: report.errors,
        at: new Date().toISOString(),
        mode: config.mode,
      });
      const success = isSuccessfulCycle({
        outcome: report.outcome,
        code: report.code,
        policyCode: report.decision?.kind === 'hold' ? report.decision.code : null,
      });
      if (broker && SETTLED_CODES.has(report.code) && report.outcome !== 'partial') {
        try {
          alerts.push(...(await recordPositions(broker)));
        } catch (error) {
          logger.warn(
            { event: 'ledger.failed', err: error },
            'the positions could not be recorded after the cycle',
          );
        }
      }
      const pingUrl = config.notifications.successPingUrl;
      await Promise.all([
        notify(alerts),
        success && pingUrl
          ? pingSuccessUrl(pingUrl, { timeoutMs: config.notifications.timeoutMs }).then((problem) => {
              if (problem) logger.warn({ event: 'alert.ping_failed' }, `success ping failed: ${problem}`);
            })
          : Promise.resolve(),
      ]);
      await flush();
    },
    notify,
    flush,
  };
}

function logNotifierEvent(logger: Logger, event: NotifierEvent): void {
  const alert = { key: event.alert.key, kind: event.alert.kind, severity: event.alert.severity };
  switch (event.type) {
    case 'alert-sent':
      logger.info({ event: 'alert.sent', alert, channel: event.channel }, `alert sent via ${event.channel}`);
      return;
    case 'alert-failed':
      logger.warn(
        { event: 'alert.delivery_failed', alert, channel: event.channel, error: event.error },
        `alert not delivered via ${event.channel}: ${event.error}`,
      );
      return;
    case 'alert-skipped':
      logger.debug({ event: 'alert.skipped', alert, why: event.why }, `alert not sent (${event.why})`);
  }
}
