import { createAlertStateFile } from '@dalio-lite/observability';
import { createRebalanceLock } from '@dalio-lite/state';
import { afterEach, describe, expect, it } from 'vitest';
import { createDashboardHarness, type DashboardHarness, DRIFTED } from '../../test/dashboard-harness.ts';
import type { BackupSummary } from './dashboard-deps.ts';

let harness: DashboardHarness | null = null;
afterEach(() => {
  harness?.close();
  harness = null;
});

/** Every action with a valid body and one it refuses. */
const ACTIONS = [
  { path: '/api/dry-run', body: { force: false }, bad: { force: 'yes' } },
  { path: '/api/rebalance', body: { force: false }, bad: { force: 1 } },
  { path: '/api/halt', body: { reason: 'test' }, bad: { liquidate: 'please' } },
  { path: '/api/resume', body: {}, bad: { everything: true } },
  { path: '/api/backups', body: {}, bad: { now: true } },
  { path: '/api/alerts/cycle/ack', body: {}, bad: { by: 'me' } },
] as const;

async function messageOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: { message: string } }).error.message;
}

describe('actions need a session, its CSRF token and a valid body', () => {
  it.each(ACTIONS)('$path: 401 without a session', async ({ path, body }) => {
    harness = await createDashboardHarness();
    const response = await harness.post(path, body, null);
    expect(response.status).toBe(401);
    expect(await messageOf(response)).toBe('Sign in first: actions need the dashboard token');
  });

  it.each(ACTIONS)('$path: 403 with the CSRF token missing or wrong', async ({ path, body }) => {
    harness = await createDashboardHarness();
    const browser = await harness.signIn();
    for (const csrf of [null, 'wrong-token']) {
      const response = await harness.request(path, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { cookie: browser.cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      });
      expect(response.status).toBe(403);
      expect(await messageOf(response)).toBe(
        'The CSRF token is missing or wrong: reload the page and try again',
      );
    }
    // The session alone is not enough, nor is another session's token.
    const other = await harness.signIn();
    const crossed = await harness.post(path, body, { cookie: browser.cookie, csrfToken: other.csrfToken });
    expect(crossed.status).toBe(403);
  });

  it.each(ACTIONS)(
    '$path: 403 for a form posted from another site, even with the cookie',
    async ({ path }) => {
      harness = await createDashboardHarness();
      const browser = await harness.signIn();
      const response = await harness.request(path, {
        method: 'POST',
        body: 'force=true',
        headers: {
          cookie: browser.cookie,
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'https://evil.example',
          'sec-fetch-site': 'cross-site',
        },
      });
      expect(response.status).toBe(403);
      expect(await messageOf(response)).toMatch(/cross-site request/);
    },
  );

  it.each(ACTIONS)('$path: 400 on a bad body, naming the field', async ({ path, bad }) => {
    harness = await createDashboardHarness();
    const browser = await harness.signIn();
    const response = await harness.post(path, bad, browser);
    expect(response.status).toBe(400);
    expect(await messageOf(response)).toMatch(/^Bad request: /);
  });

  it.each(ACTIONS)('$path: 413 for a body over 16 KB, before it is read', async ({ path, body }) => {
    harness = await createDashboardHarness();
    const browser = await harness.signIn();
    const response = await harness.post(path, { ...body, padding: 'x'.repeat(17 * 1024) }, browser);
    expect(response.status).toBe(413);
    expect(await messageOf(response)).toBe('The request body is larger than 16384 bytes');
    expect(harness.ownOrders()).toEqual([]);
  });
});

describe('the actions', () => {
  it('dry run: the decision and the orders a cycle would place, and nothing is sent', async () => {
    harness = await createDashboardHarness();
    harness.seed(DRIFTED);
    const browser = await harness.signIn();
    const response = await harness.post('/api/dry-run', { force: false }, browser);
    expect(response.status).toBe(200);
    const plan = (await response.json()) as {
      decision: { kind: string; reason: string };
      orders: { symbol: string; side: string; estimatedValueUsd: number }[];
    };
    expect(plan.decision.kind).toBe('trade');
    expect(plan.orders.map((order) => `${order.side} ${order.symbol}`)).toEqual([
      'sell VTI',
      ...plan.orders.slice(1).map((order) => `buy ${order.symbol}`),
    ]);
    expect(harness.ownOrders()).toEqual([]);
  });

  it('rebalance now: the engine cycle trades the drifted portfolio back into its bands', async () => {
    harness = await createDashboardHarness();
    harness.seed(DRIFTED);
    const browser = await harness.signIn();
    const response = await harness.post('/api/rebalance', { force: false }, browser);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: 'committed', code: 'traded', day: '2025-03-03' });
    expect(harness.ownOrders().map((order) => order.clientOrderId)).toContain('dl-20250303-a0-VTI-sell');
    await harness.settle();
    const allocation = (await (await harness.request('/api/allocation', { as: browser })).json()) as {
      value: { rows: { outside: boolean }[] };
    };
    expect(allocation.value.rows.every((row) => !row.outside)).toBe(true);
  });

  it('rebalance now while another process holds the rebalance lock: 409 "rebalance in progress", nothing placed', async () => {
    harness = await createDashboardHarness();
    harness.seed(DRIFTED);
    const browser = await harness.signIn();
    const other = await createRebalanceLock({ stateDir: harness.stateDir }).acquire({ wait: false });
    if (other.kind !== 'acquired') throw new Error('the test could not take the lock');
    try {
      const response = await harness.post('/api/rebalance', { force: false }, browser);
      expect(response.status).toBe(409);
      expect(await messageOf(response)).toMatch(
        /^A rebalance is in progress in process \d+ on host .+; nothing done$/,
      );
      expect(harness.ownOrders()).toEqual([]);
    } finally {
      await other.lock.release();
    }
    expect((await harness.post('/api/rebalance', { force: false }, browser)).status).toBe(200);
  });

  it('a second rebalance while this dashboard runs one is a 409 at once', async () => {
    let finish: () => void = () => {};
    harness = await createDashboardHarness({
      override: (deps) => ({
        runCycle: async (options) => {
          await new Promise<void>((resolve) => {
            finish = resolve;
          });
          return deps.runCycle(options);
        },
      }),
    });
    harness.seed(DRIFTED);
    const browser = await harness.signIn();
    const first = harness.post('/api/rebalance', { force: false }, browser);
    const second = await harness.post('/api/rebalance', { force: false }, browser);
    expect(second.status).toBe(409);
    expect(await messageOf(second)).toBe(
      'A rebalance is in progress from this dashboard; wait until it finishes',
    );
    finish();
    expect((await first).status).toBe(200);
  });

  it('halt stops every later cycle with the reason; resume clears it', async () => {
    harness = await createDashboardHarness();
    harness.seed(DRIFTED);
    const browser = await harness.signIn();
    const halted = await harness.post('/api/halt', { reason: 'checking the account' }, browser);
    expect(halted.status).toBe(200);
    expect(await halted.json()).toMatchObject({ reason: 'checking the account', canceled: [], closed: [] });
    const status = (await (await harness.request('/api/status', { as: browser })).json()) as {
      halt: { reason: string } | null;
    };
    expect(status.halt).toMatchObject({ reason: 'checking the account' });
    const refused = await harness.post('/api/rebalance', { force: true }, browser);
    expect(await refused.json()).toMatchObject({ outcome: 'refused', code: 'halted' });
    expect(harness.ownOrders()).toEqual([]);
    const resumed = await harness.post('/api/resume', {}, browser);
    expect(await resumed.json()).toEqual({ cleared: ['halt (checking the account)'] });
    expect(await (await harness.post('/api/rebalance', { force: false }, browser)).json()).toMatchObject({
      outcome: 'committed',
    });
  });

  it('halt with liquidate sells every position', async () => {
    harness = await createDashboardHarness();
    harness.seed(DRIFTED);
    const browser = await harness.signIn();
    const response = await harness.post(
      '/api/halt',
      { reason: 'get out', cancelOrders: true, liquidate: true },
      browser,
    );
    expect(response.status).toBe(200);
    const outcome = (await response.json()) as { closed: { symbol: string }[]; unclosed: string[] };
    expect(outcome.closed.map((item) => item.symbol).sort()).toEqual(['DBC', 'GLD', 'TLT', 'VTI']);
    expect(outcome.unclosed).toEqual([]);
    expect(harness.simulator.account('default').positions).toEqual([]);
  });

  it('backup now: 409 with the reason when backups are not configured', async () => {
    harness = await createDashboardHarness();
    const browser = await harness.signIn();
    const response = await harness.post('/api/backups', {}, browser);
    expect(response.status).toBe(409);
    expect(await messageOf(response)).toBe('backups are not configured: set backup.dir');
  });

  it('backup now: takes a backup through the backups port and lists it', async () => {
    const taken: BackupSummary[] = [];
    harness = await createDashboardHarness({
      backups: {
        list: async () => ({ configured: true, backups: [...taken], problems: [] }),
        createNow: async () => {
          const backup = {
            id: `b${taken.length + 1}`,
            createdAt: '2025-03-03T15:00:00.000Z',
            location: 'local /tmp/backups',
            sizeBytes: 1234,
            verifiedAt: '2025-03-03T15:00:00.000Z',
          };
          taken.push(backup);
          return { configured: true, backup };
        },
      },
    });
    const browser = await harness.signIn();
    const response = await harness.post('/api/backups', {}, browser);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 'b1' });
    await harness.settle();
    expect(await (await harness.request('/api/backups', { as: browser })).json()).toMatchObject({
      value: { configured: true, backups: [{ id: 'b1', location: 'local /tmp/backups' }] },
    });
  });

  it('acknowledging an alert: 404 when it is not firing; once acknowledged the panel says when', async () => {
    harness = await createDashboardHarness();
    const browser = await harness.signIn();
    expect((await harness.post('/api/alerts/cycle/ack', {}, browser)).status).toBe(404);
    await createAlertStateFile({ stateDir: harness.stateDir }).update(() => ({
      firing: {
        cycle: {
          kind: 'cycle-failed',
          severity: 'critical',
          title: 'The rebalance of 2025-03-03 failed',
          firstAt: '2025-03-03T15:00:00.000Z',
          lastSentAt: '2025-03-03T15:00:00.000Z',
        },
      },
    }));
    const before = (await (await harness.request('/api/alerts', { as: browser })).json()) as {
      alerts: { key: string; acknowledgedAt: string | null }[];
    };
    expect(before.alerts).toEqual([expect.objectContaining({ key: 'cycle', acknowledgedAt: null })]);
    expect((await harness.post('/api/alerts/cycle/ack', {}, browser)).status).toBe(200);
    const after = (await (await harness.request('/api/alerts', { as: browser })).json()) as typeof before;
    expect(after.alerts[0]?.acknowledgedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
