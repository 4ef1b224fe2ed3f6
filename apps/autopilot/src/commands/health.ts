import type { DalioConfig } from '@dalio-lite/config';
import type { BrokerVenue } from '@dalio-lite/core';
import { isOwnClientOrderId } from '@dalio-lite/engine';
import { checkBrokerPin, checkKeyPin, tradingTarget } from '@dalio-lite/gate';
import {
  alertsForHealth,
  type BrokerProbe,
  type CheckStatus,
  DEFAULT_HEALTH_SETTINGS,
  type HealthReport,
  type HealthSettings,
  healthGauges,
  portfolioGauges,
  runHealthChecks,
  statusRank,
} from '@dalio-lite/observability';
import { REBALANCE_LOCK_CONFIG } from '@dalio-lite/state';
import { describeBroker } from '../broker-label.ts';
import { loadCliConfig } from '../cli-config.ts';
import { createCommandLogger } from '../logger.ts';
import { printJson } from '../output.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import type { CommandContext } from './index.ts';

interface HealthFlags {
  json?: boolean;
  alert?: boolean;
  verbose?: boolean;
  config?: string;
}

/** The health check settings from the config (the thresholds are the original's). */
export function healthSettings(config: DalioConfig, prefix: string): HealthSettings {
  return {
    ...DEFAULT_HEALTH_SETTINGS,
    timeEt: config.schedule.timeEt,
    targets: config.allocation.targets,
    policy: config.policy,
    heartbeatGraceMinutes: config.notifications.deadManGraceMinutes,
    driftStaleDays: config.notifications.driftAlertDays ?? config.policy.minDaysBetween + 7,
    lockStaleMs: REBALANCE_LOCK_CONFIG.staleMs,
    isOwnClientOrderId: (id) => isOwnClientOrderId(prefix, id),
  };
}

/** Run every health check and record the result as metrics (and, with `alert`, send what changed). */
export async function checkHealth(runtime: Runtime, options: { alert: boolean }): Promise<HealthReport> {
  const { config, monitoring } = runtime;
  const run = await runHealthChecks({
    stateDir: config.paths.stateDir,
    store: runtime.store,
    history: runtime.history,
    heartbeat: runtime.heartbeat,
    ledger: monitoring.ledger,
    readMetrics: () => monitoring.recorder.flush(),
    broker: () => runtime.broker(),
    keyNames: 'APCA_API_KEY_ID and APCA_API_SECRET_KEY',
    settings: healthSettings(config, runtime.settings.clientOrderIdPrefix),
    pin: await pinCheck(runtime),
    backups: () => runtime.backupAutomation.health(),
  });
  const at = new Date(run.report.checkedAt);
  monitoring.recorder.setGauges('health', at, healthGauges(run.report));
  const { account, positions } = run.probe;
  if (account.ok && positions.ok) {
    monitoring.recorder.setGauges(
      'portfolio',
      at,
      portfolioGauges({
        account: account.value,
        positions: positions.value,
        targets: config.allocation.targets,
        ledgerMismatchRatio: run.ledgerMismatchRatio,
        at,
      }),
    );
  }
  if (options.alert) await monitoring.notify(alertsForHealth(run.report, config.mode));
  await monitoring.flush();
  return run.report;
}

/**
 * The pin as a health check: key kind, host and mode agree, the broker reports the configured venue, and a live
 * broker the account live trading was enabled for. Judged on what the probe read from the broker.
 */
async function pinCheck(runtime: Runtime) {
  const target = tradingTarget(runtime.config);
  const decision =
    target.venue === 'alpaca-live' ? ((await runtime.gate.files.liveGate.read())?.current ?? null) : null;
  return (probe: BrokerProbe) => {
    const fix =
      'use paper keys (PK…) with mode: paper and live keys (AK…) with mode: live, unset a DALIO_ALPACA_BASE_URL that points at the other host, then run `dalio status`';
    const account = probe.account.ok ? probe.account.value : null;
    const verdict =
      account && probe.venue
        ? checkBrokerPin(
            target,
            { venue: probe.venue as BrokerVenue, accountId: account.id },
            decision?.accountId ?? null,
          )
        : checkKeyPin(target);
    if (!verdict.ok) return { status: 'critical' as const, reason: verdict.reason, fix };
    return { status: 'ok' as const, reason: verdict.summary, fix: null };
  };
}

const MARK: Readonly<Record<CheckStatus, string>> = {
  ok: 'ok      ',
  warn: 'WARN    ',
  critical: 'CRITICAL',
};

/** The report as lines: one per check, the fix under each one that is not ok. */
export function describeHealth(report: HealthReport, broker: string): string {
  const lines = [
    `Dalio Lite health: ${report.status.toUpperCase()} (${report.checkedAt}), trading ${broker}`,
  ];
  for (const check of report.checks) {
    lines.push(`  ${MARK[check.status]}  ${check.name.padEnd(14)} ${check.reason}`);
    if (check.status !== 'ok' && check.fix)
      lines.push(`  ${' '.repeat(8)}  ${' '.repeat(14)} fix: ${check.fix}`);
  }
  return lines.join('\n');
}

/** Run `dalio health` (imported when the command runs; its options and help are in health-command.ts). */
export async function runHealthCommand(context: CommandContext, flags: HealthFlags): Promise<void> {
  const config = await loadCliConfig(context, flags.config);
  const logger = createCommandLogger(config, flags.verbose, { env: context.env });
  const runtime = createRuntime(config, { logger, env: context.env });
  const report = await checkHealth(runtime, { alert: flags.alert ?? false });
  logger.flush();
  if (flags.json) printJson(context.output, { ...report, broker: describeBroker(config) });
  else context.output.stdout(describeHealth(report, describeBroker(config)));
  context.result.exitCode = statusRank(report.status);
}
