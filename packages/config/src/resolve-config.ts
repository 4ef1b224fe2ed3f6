import type { ConfigFile } from './config-schema.ts';
import type { DalioConfig, DashboardConfig, NotificationsConfig } from './dalio-config.ts';
import { isLoopbackHost } from './dashboard-schema.ts';
import { resolveBroker } from './resolve-broker.ts';
import {
  envValue,
  failEnv,
  failFile,
  filePath,
  optionalFilePath,
  type ResolveContext,
} from './resolve-context.ts';
import { resolveBackup, resolveLive, resolvePaths, stateDirKind } from './resolve-paths.ts';
import { readSecretFile } from './secret-files.ts';

const MIN_TOKEN_LENGTH = 16;
const TOKEN_FIX = 'use at least 16 random characters (e.g. openssl rand -hex 32)';

/** The dashboard token from DALIO_DASHBOARD_TOKEN or a 0600 token file; a non-loopback bind needs one. */
function resolveDashboard(file: ConfigFile, context: ResolveContext): DashboardConfig {
  const { host, port, tokenFile, readOnlyWithoutToken } = file.dashboard;
  let token = envValue(context.env, 'DALIO_DASHBOARD_TOKEN');
  if (token !== null && token.length < MIN_TOKEN_LENGTH) {
    failEnv('DALIO_DASHBOARD_TOKEN', `is ${token.length} characters, ${TOKEN_FIX}`);
  }
  if (token === null && tokenFile !== null) {
    const path = filePath(context, tokenFile);
    token = readSecretFile(path, { source: context.source, key: 'dashboard.tokenFile' }).trim();
    if (token.length < MIN_TOKEN_LENGTH) {
      failFile(context, 'dashboard.tokenFile', `${path} holds ${token.length} characters, ${TOKEN_FIX}`);
    }
  }
  if (token === null && !isLoopbackHost(host)) {
    failFile(
      context,
      'dashboard.host',
      `${host} is reachable from other machines but no token is set, set DALIO_DASHBOARD_TOKEN or dashboard.tokenFile, or bind 127.0.0.1`,
    );
  }
  return { host, port, token, readOnlyWithoutToken };
}

function resolveNotifications(file: ConfigFile, context: ResolveContext): NotificationsConfig {
  const { channels, ...rest } = file.notifications;
  return {
    ...rest,
    channels: channels.map((channel) =>
      channel.kind === 'file' ? { kind: 'file', path: filePath(context, channel.path) } : channel,
    ),
  };
}

/** Settings that are each valid alone but contradict each other. */
function checkCombinations(file: ConfigFile, context: ResolveContext): void {
  const { maxWeight } = file.risk;
  if (maxWeight !== null) {
    const [symbol, weight] = Object.entries(file.allocation.targets).reduce((top, entry) =>
      entry[1] > top[1] ? entry : top,
    );
    if (weight > maxWeight + 1e-9) {
      failFile(
        context,
        'risk.maxWeightPct',
        `${round(maxWeight * 100)} is below the largest target (${symbol} ${round(weight * 100)} %), so every rebalance would be blocked; raise it or change the allocation`,
      );
    }
  }
  checkFillTimeout(file, context);
  if (
    file.plan.tradeTo === 'band-edge' &&
    file.policy.absoluteBand === null &&
    file.policy.relativeBand === null
  ) {
    failFile(
      context,
      'plan.tradeTo',
      'band-edge needs a band but every band in policy is off, set policy.absoluteBandPct or relativeBandPct, or use tradeTo: target',
    );
  }
}

/**
 * The sells of a cycle that starts at `schedule.timeEt` may take the whole fill timeout; the buys after them
 * must still go out before the close buffer, where no order is sent (US regular hours end at 16:00 ET).
 */
function checkFillTimeout(file: ConfigFile, context: ResolveContext): void {
  const { timeEt, closeBufferMinutes } = file.schedule;
  const [hours = 0, minutes = 0] = timeEt.split(':').map(Number);
  const lastOrderMinute = 16 * 60 - closeBufferMinutes;
  const allowedMs = (lastOrderMinute - (hours * 60 + minutes)) * 60_000;
  const { fillTimeoutMs } = file.broker;
  if (fillTimeoutMs <= allowedMs) return;
  failFile(
    context,
    'broker.fillTimeoutMs',
    `${fillTimeoutMs} ms (${round(fillTimeoutMs / 60_000)} min) of waiting for the sells after the ${timeEt} ET run ends after ${clockTime(lastOrderMinute)} ET, where closeBufferMinutes ${closeBufferMinutes} stops new orders, so the buys could never be sent; use at most ${allowedMs} or an earlier schedule.timeEt`,
  );
}

function clockTime(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Turn the validated file into the ready-to-use config: environment overrides, secrets, absolute paths. */
export function resolveConfig(file: ConfigFile, context: ResolveContext): DalioConfig {
  checkCombinations(file, context);
  const broker = resolveBroker(file, context);
  const kind = stateDirKind(file.mode, broker.kind);
  const paths = resolvePaths(file, kind, context);
  return {
    mode: file.mode,
    allocation: file.allocation,
    policy: file.policy,
    plan: file.plan,
    risk: file.risk,
    broker,
    schedule: file.schedule,
    paths,
    dashboard: resolveDashboard(file, context),
    notifications: resolveNotifications(file, context),
    backup: resolveBackup(file, paths.stateDir, kind, context),
    live: resolveLive(file, paths.stateDir, context),
    logging: { level: file.logging.level, file: optionalFilePath(context, file.logging.file) },
    source: context.sourcePath,
  };
}
