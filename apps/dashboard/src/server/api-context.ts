import type { HealthReport } from '@dalio-lite/observability';
import { HEARTBEAT_FILE, HISTORY_FILE, SEQ_MARKER_FILE, STATE_FILE } from '@dalio-lite/state';
import type { HttpBindings } from '@hono/node-server';
import type { ChangeTopic } from '../shared/protocol.ts';
import { createLoginCodes, type LoginCodes } from './auth/login-codes.ts';
import { createLoginLimiter, type LoginLimiter, type LoginLimiterOptions } from './auth/login-limiter.ts';
import { createSessionStore, type Session, type SessionStore } from './auth/session-store.ts';
import { type ChangeFeed, createChangeFeed } from './change-feed.ts';
import type { BackupListing, DashboardDeps } from './dashboard-deps.ts';
import { createFileMemo } from './file-memo.ts';
import { createLastKnown, type LastKnown } from './last-known.ts';
import { type AlertFeed, createAlertFeed } from './views/alert-feed.ts';
import { type MarketRead, readMarket } from './views/market-read.ts';
import { type PerformanceSeries, readPerformance } from './views/performance-series.ts';

/** The Hono environment of the API: node's request bindings and the request's session. */
export interface ApiEnv {
  Bindings: HttpBindings;
  Variables: { session: Session | null };
}

/** How the API authenticates. */
export interface ApiAuthOptions {
  /** The dashboard token (configured, stored or generated). */
  token: string;
  /** Serve the read-only pages to anyone who can reach the port (explicit opt-in; actions still need the token). */
  publicReadOnly?: boolean;
  limiter?: LoginLimiterOptions;
}

/** Options of `createApi` besides its deps. */
export interface ApiOptions {
  auth: ApiAuthOptions;
  /** The built web app to serve (absent: API only). */
  webDir?: string | null;
  /** Broker reads older than this are refreshed in the background (default 10 s). */
  marketMaxAgeMs?: number;
  /** How often the state directory is looked at for other processes' writes (default 1 s). */
  watchIntervalMs?: number;
}

/** Something the dashboard itself failed to read or do, for the errors panel. */
export interface ReadFailure {
  at: string;
  what: string;
  message: string;
}

/** What every route of one API shares. */
export interface ApiContext {
  deps: DashboardDeps;
  auth: ApiAuthOptions;
  now: () => Date;
  sessions: SessionStore;
  limiter: LoginLimiter;
  codes: LoginCodes;
  feed: ChangeFeed;
  alerts: AlertFeed;
  market: LastKnown<MarketRead>;
  performance: LastKnown<PerformanceSeries>;
  health: LastKnown<HealthReport>;
  backups: LastKnown<BackupListing>;
  failures: ReadFailure[];
  /** Record something that failed, for the errors panel (newest first, a bounded list). */
  fail(what: string, error: unknown): void;
  /** After an action: every cached read is stale, and every browser refetches. */
  changed(): void;
  /** True while this process runs a cycle (a second request is busy at once, without asking the lock). */
  cycleRunning: { value: boolean };
  close(): void;
}

const MAX_FAILURES_KEPT = 20;

/**
 * The deps with the state directory's reads remembered until their files change, so that many browsers polling
 * cost a `stat` each, not a read and checksum of the state, the heartbeat and the whole history.
 */
function rememberFileReads(deps: DashboardDeps): DashboardDeps {
  const remember = createFileMemo(deps.stateDir);
  return {
    ...deps,
    store: { load: () => remember('state', [STATE_FILE, SEQ_MARKER_FILE], () => deps.store.load()) },
    heartbeat: { read: () => remember('heartbeat', [HEARTBEAT_FILE], () => deps.heartbeat.read()) },
    history: {
      readAll: () => remember('history', [HISTORY_FILE], () => deps.history.readAll()),
      readPage: (page = {}) =>
        remember(`history:${page.limit}:${page.before}`, [HISTORY_FILE], () => deps.history.readPage(page)),
    },
  };
}

/** Build the shared parts: sessions, limits, the change feed and the background-refreshed slow reads. */
export function createApiContext(given: DashboardDeps, options: ApiOptions): ApiContext {
  const deps = rememberFileReads(given);
  const now = deps.now ?? (() => new Date());
  const failures: ReadFailure[] = [];
  const fail = (what: string, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    failures.unshift({ at: now().toISOString(), what, message });
    failures.length = Math.min(failures.length, MAX_FAILURES_KEPT);
  };
  const topics: ChangeTopic[] = [];
  const feed = createChangeFeed({
    stateDir: deps.stateDir,
    ...(options.watchIntervalMs ? { intervalMs: options.watchIntervalMs } : {}),
    onFilesChanged: (changed) => {
      if (changed.includes('history') || changed.includes('state')) invalidateAll();
    },
  });
  const background = <T>(what: string, topic: ChangeTopic, maxAgeMs: number, read: () => Promise<T>) => {
    topics.push(topic);
    return createLastKnown({
      read,
      maxAgeMs,
      now,
      onSettled: (outcome) => {
        if (!outcome.ok) {
          fail(what, outcome.error);
          deps.onEvent?.({ type: 'read-failed', what, error: outcome.error });
        }
        feed.publish([topic]);
      },
    });
  };
  const market = background(
    'the broker (account, positions, prices, clock)',
    'market',
    options.marketMaxAgeMs ?? 10_000,
    () => readMarket(deps),
  );
  const performance = background(
    'the performance series (history and daily closes)',
    'performance',
    5 * 60_000,
    () => readPerformance(deps),
  );
  const health = background('the health checks', 'health', 60_000, () => deps.health());
  // A cycle takes its backup right after it is recorded: listed again on every cycle, and at least every 15 s.
  const backups = background('the backups', 'backups', 15_000, () => deps.backups.list());
  const invalidateAll = () => {
    market.invalidate();
    performance.invalidate();
    health.invalidate();
    backups.invalidate();
  };
  return {
    deps,
    auth: options.auth,
    now,
    sessions: createSessionStore({ now: () => now().getTime() }),
    limiter: createLoginLimiter({ now: () => now().getTime(), ...options.auth.limiter }),
    codes: createLoginCodes({ now: () => now().getTime() }),
    feed,
    alerts: createAlertFeed(deps.stateDir),
    market,
    performance,
    health,
    backups,
    failures,
    fail,
    changed() {
      invalidateAll();
      feed.publish(['state', 'history', 'alerts', ...topics]);
    },
    cycleRunning: { value: false },
    close: () => feed.close(),
  };
}
