import { createModelPriceFeed } from '@dalio-lite/broker';
import {
  createDalioMetrics,
  createMetricsRecorder,
  createPositionsLedger,
  DEFAULT_HEALTH_SETTINGS,
  runHealthChecks,
} from '@dalio-lite/observability';
import {
  createHeartbeat,
  createRebalanceHistory,
  createStateStore,
  type StateStore,
} from '@dalio-lite/state';
// The engine's own harness (simulator, state directory, engine, seeding): the dashboard adds its API on top.
import { createEngineHarness, MONDAY_10AM } from '../../../packages/engine/test/engine-harness.ts';
import { createApi } from '../src/server/api.ts';
import type { ApiOptions } from '../src/server/api-context.ts';
import { type BackupsPort, backupsNotConfigured, type DashboardDeps } from '../src/server/dashboard-deps.ts';
import { engineActions } from '../src/server/engine-actions.ts';
import { CSRF_HEADER } from '../src/shared/protocol.ts';

/** A portfolio far from the dalio-lite targets. */
export const DRIFTED = { VTI: 60_000, TLT: 20_000, GLD: 10_000, DBC: 9_000 };

/** The dashboard token of every harness. */
export const TOKEN = 'harness-dashboard-token-0123456789';

/** Options of `createDashboardHarness`. */
export interface HarnessOptions {
  at?: string;
  api?: Partial<Omit<ApiOptions, 'auth'>>;
  auth?: Partial<ApiOptions['auth']>;
  backups?: BackupsPort;
  /** Replace some deps (a broker that hangs, a cycle that waits). */
  override?: (deps: DashboardDeps) => Partial<DashboardDeps>;
}

/** A signed-in browser: its cookie and CSRF token. */
export interface Browser {
  cookie: string;
  csrfToken: string;
}

/**
 * The dashboard API on real parts, no port: the in-process simulator (a fixed clock in an open market), a state
 * directory, the engine with its rebalance lock, the health checks and the metrics.
 */
export async function createDashboardHarness(options: HarnessOptions = {}) {
  const engineHarness = await createEngineHarness({
    at: options.at ?? MONDAY_10AM,
    prices: createModelPriceFeed({
      seed: 11,
      symbols: ['VTI', 'TLT', 'GLD', 'DBC', 'SPY', 'AGG'],
      from: '2024-01-02',
      to: '2026-12-31',
    }),
  });
  const { simulator, broker, stateDir, settings, engine } = engineHarness;
  const clock = simulator.clock;
  const store: StateStore = createStateStore({ stateDir });
  const history = createRebalanceHistory({ stateDir });
  const heartbeat = createHeartbeat({ stateDir });
  const recorder = createMetricsRecorder({ stateDir });
  const metrics = createDalioMetrics({
    stateDir,
    readHistory: async () => (await history.readAll()).records,
    readState: async () => (await store.load().catch(() => null))?.payload ?? null,
    recorder,
    build: { version: 'test', mode: 'paper', broker: 'simulator' },
  });
  const base: DashboardDeps = {
    mode: 'paper',
    broker: { kind: 'simulator', label: 'on the BUILT-IN SIMULATOR (fake money)', get: async () => broker },
    settings: { targets: settings.targets, policy: settings.policy, risk: settings.risk, timeEt: '10:00' },
    stateDir,
    store,
    history,
    heartbeat,
    ...engineActions({ broker: async () => broker, store, settings, engine: async () => engine }),
    health: async () =>
      (
        await runHealthChecks({
          stateDir,
          store,
          history,
          heartbeat,
          ledger: createPositionsLedger({ stateDir }),
          readMetrics: () => recorder.flush(),
          broker: async () => broker,
          keyNames: 'the simulator keys',
          settings: {
            ...DEFAULT_HEALTH_SETTINGS,
            timeEt: '10:00',
            targets: settings.targets,
            policy: settings.policy,
            driftStaleDays: 37,
            isOwnClientOrderId: (id) => id.startsWith('dl-'),
          },
          now: () => clock.now(),
        })
      ).report,
    metrics: () => metrics.render(),
    backups: options.backups ?? backupsNotConfigured('backups are not configured: set backup.dir'),
  };
  const deps: DashboardDeps = { ...base, ...options.override?.(base) };
  const { app, context, close } = createApi(deps, {
    auth: { token: TOKEN, ...options.auth },
    ...options.api,
  });

  const request = (path: string, init: RequestInit & { as?: Browser | null } = {}) => {
    const { as, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (as) {
      headers.set('cookie', as.cookie);
      if (!headers.has(CSRF_HEADER)) headers.set(CSRF_HEADER, as.csrfToken);
    }
    if (rest.body !== undefined && !headers.has('content-type'))
      headers.set('content-type', 'application/json');
    // Browsers send their page's origin with every POST and DELETE.
    if (!headers.has('origin')) headers.set('origin', 'http://127.0.0.1');
    return app.request(`http://127.0.0.1${path}`, { ...rest, headers });
  };

  return {
    app,
    context,
    deps,
    simulator,
    broker,
    stateDir,
    store,
    history,
    settings,
    clock,
    request,
    /** POST a JSON body as a signed-in browser. */
    post: (path: string, body: unknown, as: Browser | null) =>
      request(path, { method: 'POST', body: JSON.stringify(body), as }),
    /** Sign in with the token: the session cookie and the CSRF token, as the browser holds them. */
    async signIn(): Promise<Browser> {
      const response = await request('/api/session', {
        method: 'POST',
        body: JSON.stringify({ token: TOKEN }),
      });
      if (response.status !== 200)
        throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const { csrfToken } = (await response.json()) as { csrfToken: string };
      return { cookie, csrfToken };
    },
    /** Buy (positive) or sell (negative) dollar amounts at the simulator directly, as the user's own trades. */
    seed: engineHarness.seed,
    /** Wait until the background broker reads have landed, so the next read answers with them. */
    async settle() {
      context.market.get();
      context.performance.get();
      context.health.get();
      context.backups.get();
      await Promise.all([
        context.market.refresh(),
        context.performance.refresh(),
        context.health.refresh(),
        context.backups.refresh(),
      ]);
    },
    ownOrders: engineHarness.ownOrders,
    close,
  };
}

/** A harness, as the tests hold it. */
export type DashboardHarness = Awaited<ReturnType<typeof createDashboardHarness>>;
