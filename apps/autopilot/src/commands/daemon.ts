import type { BrokerVenue } from '@dalio-lite/core';
import { modeBadge, tradingTarget } from '@dalio-lite/gate';
import { missedDayAlert, serveMetrics } from '@dalio-lite/observability';
import type { Logger } from 'pino';
import { followAllocationChanges } from '../allocation-reload.ts';
import { startBackupSchedule } from '../backup-schedule.ts';
import { loadCliConfig } from '../cli-config.ts';
import { CliError } from '../cli-error.ts';
import { crashPointsFromEnv, lockStaleMsFromEnv } from '../crash-injection.ts';
import { venueLabel } from '../cycle-report-text.ts';
import { type DaemonEvent, runDaemon } from '../daemon-loop.ts';
import { createLogger, logEngineEvent } from '../logger.ts';
import type { Output } from '../output.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { stopOnSignals } from '../stop-signals.ts';
import type { CommandContext } from './index.ts';

/** Run `dalio daemon` (imported when the command runs; its options and help are in daemon-command.ts). */
export async function runDaemonCommand(
  context: CommandContext,
  flags: { config?: string; json?: boolean; metricsPort?: string },
): Promise<void> {
  const metricsPort = flags.metricsPort === undefined ? null : Number(flags.metricsPort);
  if (metricsPort !== null && !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort <= 65_535)) {
    throw new CliError(`--metrics-port ${flags.metricsPort} is not a port, use a number from 0 to 65535`);
  }
  const config = await loadCliConfig(context, flags.config);
  const logger = createLogger(config, { env: context.env });
  const stop = stopOnSignals();
  // The adapter's retries reach this log as they happen; `brokerSignal` ends its retry waits on SIGTERM.
  const runtime = createRuntime(config, {
    crashPoints: crashPointsFromEnv(context.env),
    lockStaleMs: lockStaleMsFromEnv(context.env),
    logger,
    brokerSignal: stop.signal,
    env: context.env,
  });
  const onEngineEvent = (event: Parameters<typeof logEngineEvent>[1]) => logEngineEvent(logger, event);
  // An allocation set while the daemon runs (`dalio allocation set`, the dashboard) is traded from the next cycle.
  const engine = followAllocationChanges({
    targets: config.allocation.targets,
    engine: await runtime.engine({ onEvent: onEngineEvent }),
    readTargets: async () => (await loadCliConfig(context, flags.config)).allocation.targets,
    engineFor: (targets) => runtime.engine({ onEvent: onEngineEvent, targets }),
    onReloaded: ({ from, to }) =>
      logger.info(
        { event: 'daemon.allocation_reloaded', from, to },
        'the allocation changed in the config: the next cycles trade towards it',
      ),
    onUnreadable: (error) =>
      logger.warn(
        { event: 'daemon.config_unreadable', err: error },
        'the config file no longer reads; this cycle keeps the allocation it had',
      ),
  });
  const server =
    metricsPort === null
      ? null
      : await serveMetrics(runtime.monitoring.metrics, {
          port: metricsPort,
          onError: (error) =>
            logger.warn({ event: 'metrics.render_failed', err: error }, 'metrics could not be read'),
        });
  logger.info(
    {
      event: 'daemon.started',
      timeEt: config.schedule.timeEt,
      broker: config.broker.kind,
      mode: modeBadge(tradingTarget(config)).text,
      stateDir: config.paths.stateDir,
      metricsUrl: server?.url ?? null,
    },
    'daemon started',
  );
  // Counters reach the disk after each cycle and at least once a minute, so a crash loses little.
  const flushTimer = setInterval(() => void runtime.monitoring.flush(), 60_000);
  flushTimer.unref();
  const followUps = createFollowUps();
  // Backups on a schedule too (if the state changed; owed uploads retried; pruned), one at a time with the rest.
  const stopBackups = startBackupSchedule({
    everyMs: config.backup.everyHours * 3_600_000,
    task: async () => followUps.add(() => runtime.backupAutomation.scheduled()),
  });
  const terminal = !flags.json && process.stdout.isTTY === true ? context.output : null;
  const broker = await runtime.broker();
  try {
    await runDaemon({
      broker,
      engine,
      timeEt: config.schedule.timeEt,
      signal: stop.signal,
      onEvent: (event) => {
        reportEvent(event, broker.venue, logger, flags.json ? context.output : null, terminal);
        followUps.add(() => followUp(event, runtime));
      },
    });
  } finally {
    stop.dispose();
    stopBackups();
    clearInterval(flushTimer);
    await followUps.settled();
    await runtime.monitoring.flush();
    await server?.close();
    logger.flush();
  }
}

/** Work after a daemon event that must not hold up the next cycle: done one after another, awaited at stop. */
function createFollowUps() {
  let chain: Promise<void> = Promise.resolve();
  return {
    add(work: () => Promise<void>) {
      chain = chain.then(work, work);
    },
    settled: () => chain,
  };
}

/** A cycle's alerts, ping and ledger, or the alert of a missed day (each bounded, never throwing). */
async function followUp(event: DaemonEvent, runtime: Runtime): Promise<void> {
  if (event.type === 'cycle') {
    await runtime.monitoring.afterCycle(event.report, await runtime.broker().catch(() => null));
    await runtime.backupAutomation.afterCycle(event.report);
  } else if (event.type === 'missed') {
    const at = new Date().toISOString();
    await runtime.monitoring.notify([
      missedDayAlert({ day: event.day, reason: event.reason, at, mode: runtime.config.mode }),
    ]);
  }
}

/** One readable line per cycle or missed day, for a person watching the terminal; fake money says so. */
export function describeDaemonEvent(event: DaemonEvent, venue: BrokerVenue): string | null {
  const label = venueLabel(venue);
  if (event.type === 'missed') return `${label}${event.day}  MISSED     no cycle: ${event.reason}`;
  if (event.type !== 'cycle') return null;
  const { report } = event;
  const orders = report.orders.length > 0 ? ` (${report.orders.length} orders)` : '';
  const retry = event.retryInMs === null ? '' : `; retrying in ${Math.round(event.retryInMs / 1000)} s`;
  return `${label}${report.day ?? event.day}  ${report.outcome.toUpperCase().padEnd(9)}  ${report.code}: ${report.reason}${orders}${retry}`;
}

/**
 * Log each daemon event at once, at a level that matches it; with `--json`, each day's outcome also on stdout;
 * on a terminal, one readable line per cycle.
 */
function reportEvent(
  event: DaemonEvent,
  venue: BrokerVenue,
  logger: Logger,
  json: Output | null,
  terminal: Output | null,
): void {
  const line = describeDaemonEvent(event, venue);
  if (terminal && line) terminal.stdout(line);
  switch (event.type) {
    case 'cycle': {
      const { outcome, code, day, reason } = event.report;
      if (event.retryInMs === null) {
        logger.info({ event: 'daemon.day', outcome, code, day: event.day }, reason);
        json?.stdout(JSON.stringify(event.report));
      } else {
        logger.warn(
          {
            event: 'daemon.retry_scheduled',
            outcome,
            code,
            day: day ?? event.day,
            retryInMs: event.retryInMs,
          },
          reason,
        );
      }
      return;
    }
    case 'missed':
      logger.error(
        { event: 'daemon.missed', outcome: 'missed', day: event.day },
        `no cycle on ${event.day}: ${event.reason}`,
      );
      json?.stdout(JSON.stringify({ day: event.day, outcome: 'missed', reason: event.reason }));
      return;
    case 'broker-unreachable':
      logger.warn(
        {
          event: 'daemon.broker_unreachable',
          err: event.error,
          retryInMs: event.retryInMs,
          throttled: event.throttled,
        },
        event.throttled ? 'broker throttled (429)' : 'broker unreachable',
      );
      return;
    case 'stopped':
      logger.info({ event: 'daemon.stopped' }, 'daemon stopped');
  }
}
