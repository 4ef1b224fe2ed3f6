import { afterEach, describe, expect, it } from 'vitest';
import {
  createDashboardHarness,
  type DashboardHarness,
  DRIFTED,
  TOKEN,
} from '../../test/dashboard-harness.ts';

let harness: DashboardHarness | null = null;
afterEach(() => {
  harness?.close();
  harness = null;
});

const READS = [
  '/api/status',
  '/api/portfolio',
  '/api/allocation',
  '/api/cycles',
  '/api/performance',
  '/api/risk',
  '/api/errors',
  '/api/alerts',
  '/api/backups',
  '/api/health',
  '/metrics',
] as const;

async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}

describe('the read-only API', () => {
  it.each(READS)('%s is a 401 without a session', async (path) => {
    harness = await createDashboardHarness();
    const response = await harness.request(path);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { message: 'Sign in first: open the login link the dashboard printed, or enter its token' },
    });
  });

  it.each(READS)('%s opens without a session only when read-only access was configured', async (path) => {
    harness = await createDashboardHarness({ auth: { publicReadOnly: true } });
    expect((await harness.request(path)).status).toBe(200);
    // Actions never open without the token.
    expect((await harness.post('/api/halt', {}, null)).status).toBe(401);
  });

  it('status: paper mode, the broker in words, the market, and the next cycle by the broker clock', async () => {
    harness = await createDashboardHarness();
    const browser = await harness.signIn();
    await harness.settle();
    const status = await json(await harness.request('/api/status', { as: browser }));
    expect(status).toMatchObject({
      mode: 'paper',
      broker: { kind: 'simulator', label: 'on the BUILT-IN SIMULATOR (fake money)' },
      state: { ok: true },
      halt: null,
      lastCycle: null,
      market: { value: { isOpen: true }, error: null },
      nextCycle: { day: '2025-03-03', at: '2025-03-03T15:00:00.000Z' },
      account: { value: { equityUsd: 100_000, cashUsd: 100_000 } },
    });
  });

  it('portfolio and allocation: real positions, weights against targets, bands, and the policy decision naming the symbols', async () => {
    harness = await createDashboardHarness();
    harness.seed(DRIFTED);
    const browser = await harness.signIn();
    await harness.settle();
    const portfolio = await json<{
      account: { value: { equityUsd: number; todayChangeUsd: number } };
      positions: { value: { symbol: string; weight: number; targetWeight: number }[]; ageMs: number };
    }>(await harness.request('/api/portfolio', { as: browser }));
    expect(portfolio.positions.value.map((p) => p.symbol)).toEqual(['VTI', 'TLT', 'GLD', 'DBC']);
    expect(portfolio.positions.value[0]?.targetWeight).toBe(0.4);
    expect(portfolio.positions.value[0]?.weight).toBeGreaterThan(0.55);
    expect(portfolio.positions.ageMs).toBeGreaterThanOrEqual(0);
    const allocation = await json<{
      value: {
        rows: { symbol: string; band: { lower: number; upper: number } | null; outside: boolean }[];
        decision: { kind: string; reason: string };
        orders: { symbol: string; side: string }[];
      };
    }>(await harness.request('/api/allocation', { as: browser }));
    const vti = allocation.value.rows.find((row) => row.symbol === 'VTI');
    expect(vti?.outside).toBe(true);
    expect(vti?.band?.lower).toBeCloseTo(0.35, 9);
    expect(vti?.band?.upper).toBeCloseTo(0.45, 9);
    expect(allocation.value.decision.kind).toBe('trade');
    expect(allocation.value.decision.reason).toContain('VTI');
    expect(allocation.value.orders[0]).toMatchObject({ symbol: 'VTI', side: 'sell' });
  });

  it('a broker that never answers blocks no page: the last known value (none yet) comes back at once, refreshing', async () => {
    harness = await createDashboardHarness({
      override: (deps) => ({ broker: { ...deps.broker, get: () => new Promise(() => {}) } }),
    });
    const browser = await harness.signIn();
    const portfolio = await json(await harness.request('/api/portfolio', { as: browser }));
    expect(portfolio).toMatchObject({ account: { value: null, at: null, refreshing: true } });
    const status = await json(await harness.request('/api/status', { as: browser }));
    expect(status).toMatchObject({
      mode: 'paper',
      market: { value: null, refreshing: true },
      nextCycle: null,
    });
    const health = await json(await harness.request('/api/health', { as: browser }));
    expect(health).toMatchObject({ value: null, refreshing: true });
  });

  it('a broker that fails is shown with its error and age, and lands in the errors panel', async () => {
    harness = await createDashboardHarness({
      override: (deps) => ({
        broker: {
          ...deps.broker,
          get: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9')),
        },
      }),
    });
    const browser = await harness.signIn();
    await harness.settle();
    const portfolio = await json(await harness.request('/api/portfolio', { as: browser }));
    expect(portfolio).toMatchObject({
      account: { value: null, error: { message: 'connect ECONNREFUSED 127.0.0.1:9' } },
    });
    const errors = await json<{ errors: { source: string; what: string; message: string }[] }>(
      await harness.request('/api/errors', { as: browser }),
    );
    expect(errors.errors).toContainEqual(
      expect.objectContaining({
        source: 'dashboard',
        what: 'the broker (account, positions, prices, clock)',
        message: 'connect ECONNREFUSED 127.0.0.1:9',
      }),
    );
  });

  it('cycles: newest first with orders, broker answers and notes, paged by `before`', async () => {
    harness = await createDashboardHarness();
    harness.seed(DRIFTED);
    const browser = await harness.signIn();
    await harness.deps.runCycle({ force: false });
    await harness.deps.runCycle({ force: false });
    const first = await json<{
      cycles: { n: number; outcome: string; orders: { symbol: string; answers: { status: string }[] }[] }[];
      nextBefore: number | null;
    }>(await harness.request('/api/cycles?limit=1', { as: browser }));
    expect(first.cycles.map((cycle) => [cycle.n, cycle.outcome])).toEqual([[2, 'hold']]);
    expect(first.nextBefore).toBe(2);
    const older = await json<typeof first>(
      await harness.request('/api/cycles?limit=1&before=2', { as: browser }),
    );
    expect(older.cycles[0]).toMatchObject({ n: 1, outcome: 'committed' });
    expect(older.cycles[0]?.orders.length).toBeGreaterThan(1);
    expect(older.cycles[0]?.orders[0]?.answers.at(-1)?.status).toBe('filled');
    expect(older.nextBefore).toBeNull();
  });

  it('cycles: a bad page query is a 400 naming the field', async () => {
    harness = await createDashboardHarness();
    const browser = await harness.signIn();
    const response = await harness.request('/api/cycles?limit=0', { as: browser });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /^Bad request: limit: /,
    );
    expect((await harness.request('/api/cycles?page=2', { as: browser })).status).toBe(400);
  });

  it('performance: equity per close since the first cycle beside SPY, AGG and 60/40 from the same start', async () => {
    harness = await createDashboardHarness();
    harness.seed(DRIFTED);
    await harness.deps.runCycle({ force: false });
    harness.clock.set('2025-03-14T15:00:00.000Z');
    const browser = await harness.signIn();
    await harness.settle();
    const performance = await json<{
      value: { dates: string[]; equityUsd: number[]; benchmarks: { name: string; equityUsd: number[] }[] };
    }>(await harness.request('/api/performance', { as: browser }));
    const { dates, equityUsd, benchmarks } = performance.value;
    expect(dates[0]).toBe('2025-03-03');
    expect(dates.length).toBeGreaterThanOrEqual(9);
    expect(equityUsd).toHaveLength(dates.length);
    expect(benchmarks.map((b) => b.name)).toEqual(['SPY', 'AGG', '60/40']);
    for (const benchmark of benchmarks) {
      expect(benchmark.equityUsd).toHaveLength(dates.length);
      expect(benchmark.equityUsd[0]).toBeCloseTo(equityUsd[0] ?? 0, 0);
    }
  });

  it('risk: breakers, drawdown from the high-water mark, exposure per symbol and the limits', async () => {
    harness = await createDashboardHarness();
    harness.seed(DRIFTED);
    await harness.deps.runCycle({ force: false });
    const browser = await harness.signIn();
    await harness.settle();
    const risk = await json<{
      breakers: unknown;
      drawdown: number;
      highWaterMarkUsd: number;
      exposure: { symbol: string; weight: number }[];
      limits: { maxDailyLoss: number; maxDrawdown: number };
    }>(await harness.request('/api/risk', { as: browser }));
    expect(risk.breakers).toEqual({ dailyLoss: null, drawdown: null });
    expect(risk.highWaterMarkUsd).toBeGreaterThan(0);
    expect(risk.drawdown).toBeGreaterThanOrEqual(0);
    expect(risk.exposure.map((e) => e.symbol)).toEqual(['VTI', 'TLT', 'GLD', 'DBC']);
    expect(risk.limits).toMatchObject({ maxDailyLoss: 0.05, maxDrawdown: 0.3 });
  });

  it('health: the observability checks, computed in the background; backups: why there are none', async () => {
    harness = await createDashboardHarness();
    const browser = await harness.signIn();
    await harness.settle();
    const health = await json<{ value: { status: string; checks: { name: string }[] } }>(
      await harness.request('/api/health', { as: browser }),
    );
    expect(health.value.checks.map((check) => check.name)).toContain('heartbeat');
    expect(['ok', 'warn', 'critical']).toContain(health.value.status);
    const backups = await json(await harness.request('/api/backups', { as: browser }));
    expect(backups).toMatchObject({
      value: { configured: false, reason: 'backups are not configured: set backup.dir' },
    });
  });

  it('/metrics: the Prometheus text, also for a scraper holding the token as a bearer token', async () => {
    harness = await createDashboardHarness();
    const response = await harness.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await response.text()).toMatch(/^# HELP dalio_/m);
    const wrong = await harness.request('/metrics', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('every answer carries the strict CSP and no-store, and no read ever contains the token', async () => {
    harness = await createDashboardHarness();
    harness.seed(DRIFTED);
    const browser = await harness.signIn();
    await harness.settle();
    for (const path of READS) {
      const response = await harness.request(path, { as: browser });
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).not.toContain(TOKEN);
    }
    const unknown = await harness.request('/api/nothing-here', { as: browser });
    expect(unknown.status).toBe(404);
    // Refusals too: a cached 401 would be as wrong as a cached answer.
    const refused = await harness.request('/api/status');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });
});
