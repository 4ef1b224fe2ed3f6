import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DalioConfig, parseConfig } from '@dalio-lite/config';
import { createApi } from '@dalio-lite/dashboard';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../runtime.ts';
import { dashboardDeps } from './dashboard.ts';

const TOKEN = 'unit-dashboard-token-0123456789';
const ORIGIN = 'http://127.0.0.1';

let closeApi: (() => void) | null = null;
afterEach(() => {
  closeApi?.();
  closeApi = null;
});

/** The dashboard of a simulator install (VTI 60 / TLT 40) with the strategy pages, as `dalio dashboard` builds it. */
async function strategyDashboard() {
  const home = await mkdtemp(join(tmpdir(), 'dalio-dash-strategy-'));
  const configPath = join(home, 'dalio.yaml');
  await writeFile(
    configPath,
    'broker:\n  kind: simulator\n  simulator:\n    startAt: "2025-03-03T10:00:00-05:00"\nallocation:\n  targets: { VTI: 60, TLT: 40 }\n',
  );
  const env = { HOME: home, DALIO_STATE_DIR: join(home, 'state') };
  const logger = pino({ level: 'silent' });
  const config = parseConfig(await readFile(configPath, 'utf8'), configPath, env, { cwd: home });
  const rebuild = (changed: DalioConfig) => createRuntime(changed, { logger, env });
  const deps = dashboardDeps(rebuild(config), { rebuild, env, cwd: home });
  const { app, close } = createApi(deps, { auth: { token: TOKEN } });
  closeApi = close;
  const request = (path: string, init: RequestInit = {}) =>
    app.request(`${ORIGIN}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', origin: ORIGIN, ...init.headers },
    });
  const signedIn = await request('/api/session', { method: 'POST', body: JSON.stringify({ token: TOKEN }) });
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
  const as = { cookie, 'x-csrf-token': csrfToken };
  return {
    deps,
    configPath,
    request,
    get: (path: string) => request(path, { headers: { cookie } }),
    send: (method: string, path: string, body: unknown, headers: Record<string, string> = as) =>
      request(path, { method, body: JSON.stringify(body), headers }),
  };
}

/** A JSON answer, loosely typed for the assertions. */
async function json<T = Record<string, unknown>>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

async function messageOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: { message: string } }).error.message;
}

describe('the strategy and goal routes of the dashboard', () => {
  it('reads need a session; apply and the goal’s changes also need the CSRF token; bodies are checked', async () => {
    const dash = await strategyDashboard();
    for (const path of ['/api/strategy/compare', '/api/allocation/status', '/api/goal', '/api/explain'])
      expect((await dash.request(path)).status).toBe(401);
    const writes = [
      ['POST', '/api/allocation/check', { weightsPct: { VTI: 100 } }],
      ['POST', '/api/allocation/apply', { preset: 'dalio-lite' }],
      ['PUT', '/api/goal', { amountUsd: 200_000, targetDate: '2035-01-02', monthlyUsd: 500 }],
      ['DELETE', '/api/goal', {}],
    ] as const;
    for (const [method, path, body] of writes) {
      const response = await dash.send(method, path, body, {});
      expect(response.status).toBe(401);
      expect(await messageOf(response)).toBe('Sign in first: actions need the dashboard token');
    }
    const bad = await dash.send('PUT', '/api/goal', {
      amountUsd: 200_000,
      targetDate: 'soon',
      monthlyUsd: 1,
    });
    expect(bad.status).toBe(400);
    expect(await messageOf(bad)).toBe('Bad request: targetDate: a date as YYYY-MM-DD');
    const badRange = await dash.get('/api/strategy/compare?from=yesterday');
    expect(badRange.status).toBe(400);
    const badWeights = await dash.send('POST', '/api/allocation/check', { weightsPct: { VTI: 'lots' } });
    expect(badWeights.status).toBe(400);
  }, 60_000);

  it('a signed-in browser without the CSRF token cannot apply or change the goal', async () => {
    const dash = await strategyDashboard();
    const cookieOnly = { cookie: (await signedCookie(dash)) ?? '' };
    for (const [method, path, body] of [
      ['POST', '/api/allocation/apply', { preset: 'dalio-lite' }],
      ['PUT', '/api/goal', { amountUsd: 200_000, targetDate: '2035-01-02', monthlyUsd: 500 }],
      ['DELETE', '/api/goal', {}],
    ] as const) {
      const response = await dash.send(method, path, body, cookieOnly);
      expect(response.status).toBe(403);
      expect(await messageOf(response)).toMatch(/CSRF token/);
    }
  }, 60_000);

  it('the comparison lists the presets and the current allocation over the asked dates', async () => {
    const dash = await strategyDashboard();
    const response = await dash.get('/api/strategy/compare?from=2015-01-02&to=2019-12-31');
    expect(response.status).toBe(200);
    const { comparison } = (await response.json()) as {
      comparison: { dates: string[]; strategies: { id: string; current: boolean; targets: object }[] };
    };
    expect(comparison.dates[0] ?? '').toMatch(/^2015-01/);
    expect(comparison.dates.at(-1) ?? '').toMatch(/^2019-12/);
    expect(comparison.strategies.find((s) => s.current)?.targets).toEqual({ VTI: 0.6, TLT: 0.4 });
    expect(comparison.strategies.map((s) => s.id)).toContain('dalio-lite');
  }, 120_000);

  it('a draft not totalling 100 % or naming an untradable symbol is refused with the reason, never applied', async () => {
    const dash = await strategyDashboard();
    const short = await json<{ ok: boolean; problems: string[] }>(
      dash.send('POST', '/api/allocation/check', { weightsPct: { VTI: 50, TLT: 30 } }),
    );
    expect(short.ok).toBe(false);
    expect(short.problems.join(' ')).toMatch(/100/);
    const unknown = await dash.send('POST', '/api/allocation/apply', { weightsPct: { VTI: 50, ZZZQ: 50 } });
    expect(unknown.status).toBe(400);
    expect(await messageOf(unknown)).toMatch(/^Allocation not changed: .*ZZZQ/);
    expect(await readFile(dash.configPath, 'utf8')).toContain('VTI: 60');
  }, 120_000);

  it('apply writes the config, shows it pending, and the dashboard’s own engine then decides with it', async () => {
    const dash = await strategyDashboard();
    const applied = await dash.send('POST', '/api/allocation/apply', { weightsPct: { VTI: 50, GLD: 50 } });
    expect(applied.status).toBe(200);
    expect(await applied.json()).toMatchObject({
      kind: 'applied',
      change: { by: 'dashboard', to: { targets: { VTI: 0.5, GLD: 0.5 } } },
    });
    expect(await readFile(dash.configPath, 'utf8')).toMatch(/GLD/);
    const status = await json<{ pendingSince: string | null }>(dash.get('/api/allocation/status'));
    expect(status.pendingSince).not.toBeNull();
    expect(dash.deps.settings.targets).toEqual({ VTI: 0.5, GLD: 0.5 });
    // The dry run of "rebalance now" buys the new mix: GLD, never TLT.
    const preview = await dash.send('POST', '/api/dry-run', { force: true });
    const plan = (await preview.json()) as { orders: { symbol: string; side: string }[] };
    expect(plan.orders.map((order) => order.symbol).sort()).toEqual(['GLD', 'VTI']);
  }, 120_000);

  it('a goal set is projected, kept, and cleared', async () => {
    const dash = await strategyDashboard();
    const set = await dash.send('PUT', '/api/goal', {
      amountUsd: 250_000,
      targetDate: '2040-01-02',
      monthlyUsd: 500,
    });
    expect(set.status).toBe(200);
    type Answer = {
      review: { goal: object; projection: { probability: number; points: object[] } } | null;
      method: string[];
    };
    const answer = await json<Answer>(set);
    expect(answer.review?.projection.probability).toBeGreaterThan(0);
    expect(answer.review?.projection.points[0]).toHaveProperty('p90');
    expect(answer.method.length).toBeGreaterThan(0);
    const again = await json<Answer>(dash.get('/api/goal'));
    expect(again.review?.goal).toEqual(answer.review?.goal);
    expect(again.review?.projection.probability).toBe(answer.review?.projection.probability);
    expect((await dash.send('DELETE', '/api/goal', {})).status).toBe(200);
    expect((await json<Answer>(dash.get('/api/goal'))).review).toBeNull();
  }, 120_000);
});

async function signedCookie(dash: Awaited<ReturnType<typeof strategyDashboard>>) {
  const response = await dash.request('/api/session', {
    method: 'POST',
    body: JSON.stringify({ token: TOKEN }),
  });
  return (response.headers.get('set-cookie') ?? '').split(';')[0];
}
