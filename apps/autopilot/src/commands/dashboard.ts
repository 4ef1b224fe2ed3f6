import type { BackupService } from '@dalio-lite/backup';
import type { DalioConfig } from '@dalio-lite/config';
import {
  type BackupSummary,
  type BackupsPort,
  type DashboardDeps,
  type DashboardEvent,
  engineActions,
  type RunningDashboard,
  startDashboard,
} from '@dalio-lite/dashboard';
import type { RebalanceEngine } from '@dalio-lite/engine';
import { modeBadge, tradingTarget } from '@dalio-lite/gate';
import type { Logger } from 'pino';
import { describeBroker } from '../broker-label.ts';
import { loadCliConfig } from '../cli-config.ts';
import { CliError } from '../cli-error.ts';
import { lockStaleMsFromEnv } from '../crash-injection.ts';
import { createLogger, logEngineEvent } from '../logger.ts';
import type { Output } from '../output.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { stopOnSignals } from '../stop-signals.ts';
import { strategyPort } from './dashboard-strategy.ts';
import { checkHealth } from './health.ts';
import type { CommandContext } from './index.ts';

interface DashboardFlags {
  host?: string;
  port?: string;
  json?: boolean;
  config?: string;
}

/** What the dashboard reads and does, from the runtime every other command uses (same lock, same engine). */
export function dashboardDeps(
  runtime: Runtime,
  options: {
    backups?: BackupsPort;
    engine?: () => Promise<Pick<RebalanceEngine, 'runCycle'>>;
    /** A runtime for a changed config (an allocation applied from the dashboard); without it, no strategy pages. */
    rebuild?: (config: DalioConfig) => Runtime;
    env?: NodeJS.ProcessEnv;
    cwd?: string;
  } = {},
): DashboardDeps {
  const { config, logger } = runtime;
  // The runtime in force: an allocation applied from the dashboard swaps in one built from the new config.
  let current = runtime;
  let engine: Promise<Pick<RebalanceEngine, 'runCycle'>> | null = null;
  const getEngine =
    options.engine ??
    (() => {
      engine ??= current.engine({ onEvent: (event) => logEngineEvent(logger, event) });
      // A failed build (a live pin mismatch, an unwritable state directory) is tried again on the next click.
      engine.catch(() => {
        engine = null;
      });
      return engine;
    });
  const settings = {
    targets: config.allocation.targets,
    policy: config.policy,
    risk: config.risk,
    timeEt: config.schedule.timeEt,
  };
  const { rebuild } = options;
  const strategy =
    rebuild &&
    strategyPort({
      runtime: () => current,
      env: options.env ?? process.env,
      cwd: options.cwd ?? process.cwd(),
      onApplied: (changed) => {
        current = rebuild(changed);
        engine = null;
        settings.targets = changed.allocation.targets;
      },
    });
  return {
    // The venue the engine's broker is built with (the gate's trading target), like every other badge.
    mode: modeBadge(tradingTarget(config)).mode,
    broker: { kind: config.broker.kind, label: describeBroker(config), get: () => runtime.broker() },
    settings,
    stateDir: config.paths.stateDir,
    store: runtime.store,
    history: runtime.history,
    heartbeat: runtime.heartbeat,
    ...engineActions({
      broker: () => runtime.broker(),
      store: runtime.store,
      get settings() {
        return current.settings;
      },
      engine: getEngine,
      // What `dalio run` does after its cycle: alerts, ledger and metrics, then a backup of what changed.
      afterCycle: async (report) => {
        await runtime.monitoring.afterCycle(report, await runtime.broker());
        await runtime.backupAutomation.afterCycle(report);
      },
    }),
    health: () => checkHealth(runtime, { alert: false }),
    metrics: () => runtime.monitoring.metrics.render(),
    backups: options.backups ?? backupsPort(runtime.backups),
    ...(strategy && { strategy }),
    onEvent: (event) => logDashboardEvent(logger, event),
  };
}

/**
 * The backups panel and "backup now" on the backup service of `dalio backup`: the complete backups of every
 * configured store, newest first, and a backup taken and verified now.
 */
export function backupsPort(service: Pick<BackupService, 'list' | 'create'>): BackupsPort {
  return {
    async list() {
      const listings = await service.list();
      const backups = listings.flatMap((listing) =>
        listing.backups
          .filter((backup) => backup.complete)
          .map(
            (backup): BackupSummary => ({
              id: backup.id,
              createdAt: backup.createdAt,
              location: `${backup.store} ${backup.location}`,
              sizeBytes: backup.bytes,
              verifiedAt: backup.verifiedAt,
            }),
          ),
      );
      return {
        configured: true,
        // Backup ids start with their time and the state's seq: newest first, as `dalio backup list` shows them.
        backups: backups.sort((a, b) => b.id.localeCompare(a.id)),
        problems: listings.flatMap((listing) =>
          listing.error === null ? [] : [`${listing.store} ${listing.location}: ${listing.error}`],
        ),
      };
    },
    async createNow() {
      const { record, local, offsite } = await service.create();
      const away =
        offsite.kind === 'stored'
          ? `; off-site ${offsite.location}`
          : offsite.kind === 'queued'
            ? `; off-site upload queued (${offsite.reason})`
            : '';
      return {
        configured: true,
        backup: {
          id: record.id,
          createdAt: record.createdAt,
          location: `local ${local.location}${away}`,
          sizeBytes: record.archive.bytes,
          verifiedAt: local.verifiedAt,
        },
      };
    },
  };
}

/** The dashboard's events in the app's log (none carries a secret: no token, no code, no cookie). */
function logDashboardEvent(logger: Logger, event: DashboardEvent): void {
  switch (event.type) {
    case 'signed-in':
      logger.info(
        { event: 'dashboard.signed_in', client: event.client, via: event.via },
        'dashboard sign-in',
      );
      return;
    case 'sign-in-refused':
      logger.warn(
        { event: 'dashboard.sign_in_refused', client: event.client, lockedOut: event.lockedOut },
        event.lockedOut ? 'dashboard sign-in refused: locked out' : 'dashboard sign-in refused',
      );
      return;
    case 'action':
      logger.info(
        { event: 'dashboard.action', action: event.action, outcome: event.outcome },
        `dashboard ${event.action}: ${event.outcome}`,
      );
      return;
    case 'read-failed':
      logger.warn(
        { event: 'dashboard.read_failed', what: event.what, err: event.error },
        `reading ${event.what} failed`,
      );
      return;
    case 'request-failed':
      logger.error(
        { event: 'dashboard.request_failed', path: event.path, status: event.status, err: event.error },
        `dashboard request ${event.path} failed`,
      );
  }
}

/** The lines printed when the dashboard starts: where it is, the one-time login link, a new token once. */
export function describeStart(dashboard: RunningDashboard, broker: string): string[] {
  const lines = [
    `Dalio Lite dashboard on ${dashboard.url} (trading ${broker})`,
    `  sign in     ${dashboard.loginUrl}`,
    '              (a one-time link: it signs in one browser, within 24 hours)',
  ];
  if (dashboard.token.source === 'generated')
    lines.push(
      `  new token   ${dashboard.token.token}`,
      `              saved to ${dashboard.token.path} (mode 0600); shown only this once — it signs in other browsers`,
    );
  return lines;
}

/** The facts of a start as JSON: the generated token only on the start that generated it. */
export function startFacts(dashboard: RunningDashboard) {
  return {
    url: dashboard.url,
    loginUrl: dashboard.loginUrl,
    tokenSource: dashboard.token.source,
    tokenFile: dashboard.token.path,
    ...(dashboard.token.source === 'generated' ? { generatedToken: dashboard.token.token } : {}),
  };
}

/** A port flag's value: 0 to 65535 (0 picks a free one). */
export function portFlag(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65_535)
    throw new CliError(`${flag}: "${value}" is not a port; give 0 to 65535 (0 picks a free one)`);
  return number;
}

/** Wait for Ctrl-C (or SIGTERM), then stop the dashboard. */
export async function serveUntilStopped(
  dashboard: RunningDashboard,
  output: Output,
  json: boolean,
): Promise<void> {
  const stop = stopOnSignals();
  try {
    await new Promise<void>((resolve) =>
      stop.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  } finally {
    stop.dispose();
    await dashboard.close();
    if (!json) output.stderr('dashboard stopped');
  }
}

/** Run `dalio dashboard` (imported when the command runs; its options and help are in dashboard-command.ts). */
export async function runDashboardCommand(context: CommandContext, flags: DashboardFlags): Promise<void> {
  const config = await loadCliConfig(context, flags.config);
  const logger = createLogger(config, { env: context.env });
  // Every process sharing the state directory must use the same lock stale time (`dalio run` honours it too).
  const runtime = createRuntime(config, {
    logger,
    env: context.env,
    lockStaleMs: lockStaleMsFromEnv(context.env),
  });
  const rebuild = (changed: DalioConfig) =>
    createRuntime(changed, { logger, env: context.env, lockStaleMs: lockStaleMsFromEnv(context.env) });
  const dashboard = await startDashboard({
    deps: dashboardDeps(runtime, { rebuild, env: context.env, cwd: context.cwd }),
    host: flags.host ?? config.dashboard.host,
    port: flags.port === undefined ? config.dashboard.port : portFlag('--port', flags.port),
    configuredToken: config.dashboard.token,
    publicReadOnly: config.dashboard.readOnlyWithoutToken,
  });
  if (flags.json) context.output.stdout(JSON.stringify(startFacts(dashboard)));
  else
    context.output.stdout(
      [...describeStart(dashboard, describeBroker(config)), 'Ctrl-C stops it.'].join('\n'),
    );
  await serveUntilStopped(dashboard, context.output, flags.json ?? false);
}
