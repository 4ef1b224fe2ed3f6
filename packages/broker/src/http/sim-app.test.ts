import { describe, expect, it } from 'vitest';
import { createTestSimulator } from '../../test/fixtures.ts';
import { createSimulatorApp, createSimulatorFetch } from './sim-app.ts';

const AUTH = {
  'APCA-API-KEY-ID': 'app-key',
  'APCA-API-SECRET-KEY': 'app-secret',
  'content-type': 'application/json',
};

async function setup() {
  const { sim } = await createTestSimulator();
  const app = createSimulatorApp({ simulator: sim });
  const call = (path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { ...AUTH, ...(init.headers as Record<string, string>) } });
  return { sim, app, call };
}

describe('simulator HTTP app', () => {
  it('refuses requests without keys with Alpaca’s error envelope', async () => {
    const { app } = await setup();
    const response = await app.request('/v2/account');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 40110000, message: 'request is not authorized' });
  });

  it('sends rate-limit headers and a request id on every answer, and 404s unknown routes with the envelope', async () => {
    const { call } = await setup();
    const response = await call('/v2/nothing');
    expect(response.status).toBe(404);
    expect(response.headers.get('X-RateLimit-Limit')).toBe('200');
    expect(response.headers.get('X-RateLimit-Remaining')).toBe('199');
    expect(response.headers.get('X-Request-ID')).toMatch(/^sim-\d+$/);
    expect(await response.json()).toMatchObject({ code: 40410000 });
  });

  it('rejects a body that is not JSON with 400', async () => {
    const { call } = await setup();
    const response = await call('/v2/orders', { method: 'POST', body: '{"symbol":' });
    expect(response.status).toBe(400);
  });

  it('serves the v3 clock and schedules faults and clock moves through /_sim', async () => {
    const { call, sim } = await setup();
    const v3 = (await (await call('/v3/clock')).json()) as { clocks: Record<string, unknown>[] };
    expect(v3.clocks[0]).toMatchObject({
      is_market_day: true,
      phase: 'core',
      next_market_close: '2024-03-15T16:00:00-04:00',
    });
    const fault = await call('/_sim/faults', {
      method: 'POST',
      body: JSON.stringify({ route: 'GET /v2/account', fault: '5xx' }),
    });
    expect(fault.status).toBe(200);
    expect((await call('/v2/account')).status).toBe(503);
    expect((await call('/v2/account')).status).toBe(200);
    const bad = await call('/_sim/faults', {
      method: 'POST',
      body: JSON.stringify({ route: 'GET /v2/account', fault: 'gremlins' }),
    });
    expect(bad.status).toBe(422);
    const moved = await call('/_sim/clock', {
      method: 'POST',
      body: JSON.stringify({ advanceMs: 3_600_000 }),
    });
    expect(await moved.json()).toEqual({ now: '2024-03-15T16:00:00.000Z' });
    expect(sim.clock.now().toISOString()).toBe('2024-03-15T16:00:00.000Z');
    expect((await call('/_sim/clock', { method: 'POST', body: '{}' })).status).toBe(422);
    const ledger = (await (await call('/_sim/ledger')).json()) as { orders: unknown[] };
    expect(ledger.orders).toEqual([]);
  });

  it('turns a dropped connection into a network error for in-process fetch (msw)', async () => {
    const { sim } = await createTestSimulator();
    const fetchSim = createSimulatorFetch({ simulator: sim });
    sim.faults.next('GET /v2/clock', 'reset');
    const response = await fetchSim(
      new Request('https://paper-api.alpaca.markets/v2/clock', { headers: AUTH }),
    );
    expect(response.type).toBe('error');
  });

  it('names assets by one fixed UUID on assets, orders and positions, and lists only what the query asks', async () => {
    const { call } = await setup();
    const asset = (await (await call('/v2/assets/SPY')).json()) as { id: string };
    expect(asset.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const posted = await call('/v2/orders', {
      method: 'POST',
      body: JSON.stringify({ symbol: 'SPY', qty: '1', side: 'buy', type: 'market', time_in_force: 'day' }),
    });
    expect(await posted.json()).toMatchObject({ asset_id: asset.id, status: 'pending_new' });
    expect((await call('/v2/orders?status=all&side=sell')).status).toBe(200);
    expect(await (await call('/v2/orders?status=all&side=sell')).json()).toEqual([]);
    const tooMany = await call('/v2/orders?limit=501');
    expect(tooMany.status).toBe(422);
    expect(await tooMany.json()).toMatchObject({ code: 40010001 });
    expect((await call('/v2/orders?after=yesterday')).status).toBe(422);
  });
});
