import { type Context, Hono } from 'hono';
import type { FaultKind } from '../simulator/fault-plan.ts';
import { sessionOn } from '../simulator/market-hours.ts';
import { parseListParams } from '../simulator/sim-order-queries.ts';
import type { Simulator } from '../simulator/simulator.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { simAccountIdForKey } from './sim-account-id.ts';
import { createSimulatorAdminRoutes } from './sim-admin-routes.ts';
import { answerStockBars } from './sim-bars-route.ts';
import {
  wireAccount,
  wireAsset,
  wireCalendarDay,
  wireClock,
  wireLegacyClock,
  wireOrder,
  wirePosition,
  wireTrade,
} from './sim-wire-format.ts';

/** Options of the simulator's HTTP app. */
export interface SimulatorAppOptions {
  simulator: Simulator;
  /** Accepted key id → secret; without it any non-empty pair is accepted (each key id is its own account). */
  keys?: Readonly<Record<string, string>>;
  rateLimiter?: RateLimiter;
  /** How long a `timeout` fault holds the answer (default 5 s; clients should time out before). */
  timeoutFaultMs?: number;
  /** `Retry-After` seconds of a `429` fault (default 1). */
  retryAfterSeconds?: number;
}

type Env = { Variables: { accountId: string; fault: FaultKind | null } };

const SOCKET_FAULTS: ReadonlySet<FaultKind> = new Set(['reset', 'answer-lost']);

function envelope(c: Context, status: number, code: number, message: string): Response {
  return c.json({ code, message }, status as 400);
}

/** Header marking an answer that must never arrive: the connection is dropped instead. */
export const DROP_CONNECTION_HEADER = 'x-sim-drop-connection';

/** Drop the connection: destroy the socket under Node; without a socket, mark it for `createSimulatorFetch`. */
function dropConnection(c: Context): Response {
  const socket = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket;
  socket?.destroy();
  return c.body(null, 502, { [DROP_CONNECTION_HEADER]: '1' });
}

function malformed(body: unknown): string {
  return JSON.stringify(
    Array.isArray(body) ? [{ unexpected: 'shape' }] : { unexpected: 'shape', cash: null },
  );
}

/** The simulator as a Hono app speaking Alpaca's trading and market-data wire format. */
export function createSimulatorApp(options: SimulatorAppOptions): Hono<Env> {
  const sim = options.simulator;
  const limiter = options.rateLimiter ?? createRateLimiter();
  const app = new Hono<Env>();
  let requestCount = 0;

  app.use('*', async (c, next) => {
    requestCount += 1;
    const keyId = c.req.header('APCA-API-KEY-ID') ?? '';
    const secret = c.req.header('APCA-API-SECRET-KEY') ?? '';
    const allowed = options.keys
      ? options.keys[keyId] === secret && secret !== ''
      : keyId !== '' && secret !== '';
    if (!allowed) return envelope(c, 401, 40110000, 'request is not authorized');
    if (c.req.path.startsWith('/_sim/')) return next();
    const budget = limiter.hit(keyId);
    c.header('X-RateLimit-Limit', String(budget.limit));
    c.header('X-RateLimit-Remaining', String(budget.remaining));
    c.header('X-RateLimit-Reset', String(Math.ceil(budget.resetAtMs / 1000)));
    c.header('X-Request-ID', `sim-${requestCount}`);
    if (!budget.allowed) return envelope(c, 429, 42910000, 'rate limit exceeded');
    const fault = sim.faults.take(c.req.method, c.req.path);
    c.set('accountId', simAccountIdForKey(keyId));
    c.set('fault', fault);
    if (fault === '5xx') return envelope(c, 503, 50300000, 'service unavailable (simulated fault)');
    if (fault === '429') {
      c.header('Retry-After', String(options.retryAfterSeconds ?? 1));
      return envelope(c, 429, 42910000, 'rate limit exceeded (simulated fault)');
    }
    if (fault === 'reset') return dropConnection(c);
    await next();
    if (fault && SOCKET_FAULTS.has(fault)) {
      c.res = dropConnection(c);
      return;
    }
    if (fault === 'malformed' && c.res.ok) {
      const body: unknown = await c.res
        .clone()
        .json()
        .catch(() => null);
      c.res = new Response(malformed(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    if (fault === 'timeout')
      await new Promise((resolve) => setTimeout(resolve, options.timeoutFaultMs ?? 5000));
  });

  // Answer only once the change behind the answer is on disk, so a client told "accepted" finds the order after a
  // crash. Reads count too: they catch up with the clock and may fill orders. A failed write becomes a 500 below.
  app.use('*', async (_c, next) => {
    await next();
    await sim.persisted();
  });
  app.onError((error, c) => envelope(c, 500, 50010000, `internal simulator error: ${error.message}`));

  const account = (c: Context<Env>) => c.get('accountId');

  app.get('/v2/account', (c) => c.json(wireAccount(sim.account(account(c)))));
  app.get('/v2/positions', (c) => c.json(sim.account(account(c)).positions.map(wirePosition)));
  app.get('/v2/positions/:symbol', (c) => {
    const position = sim.account(account(c)).positions.find((p) => p.symbol === c.req.param('symbol'));
    return position ? c.json(wirePosition(position)) : envelope(c, 404, 40410000, 'position does not exist');
  });
  app.delete('/v2/positions', (c) => {
    // Open orders are canceled only when asked, as on Alpaca; otherwise their held shares make a close fail.
    const closed = sim.closeAllPositions(account(c), {
      cancelOrders: c.req.query('cancel_orders') === 'true',
    });
    const items = closed.map((item) => ({
      symbol: item.symbol,
      status: item.status,
      body: item.order ? wireOrder(item.order) : { code: 40310000, message: item.message ?? 'not closed' },
    }));
    return c.json(items, 207);
  });
  app.post('/v2/orders', async (c) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body !== 'object')
      return envelope(c, 400, 40010000, 'request body is not valid JSON');
    const fault = c.get('fault');
    const outcome = sim.submitOrder(
      account(c),
      {
        clientOrderId: typeof body.client_order_id === 'string' ? body.client_order_id : null,
        symbol: body.symbol,
        side: body.side,
        type: body.type,
        timeInForce: body.time_in_force,
        qty: body.qty,
        notional: body.notional,
      },
      fault === 'late-visibility' || fault === 'async-reject' ? fault : undefined,
    );
    if (!outcome.ok)
      return envelope(c, outcome.rejection.status, outcome.rejection.code, outcome.rejection.message);
    return c.json(wireOrder(outcome.order));
  });
  app.get('/v2/orders:by_client_order_id', (c) => {
    const clientOrderId = c.req.query('client_order_id') ?? '';
    const order = sim.findOrder(account(c), { clientOrderId });
    return order ? c.json(wireOrder(order)) : envelope(c, 404, 40410000, 'order not found');
  });
  app.get('/v2/orders', (c) => {
    const parsed = parseListParams({
      status: c.req.query('status'),
      limit: c.req.query('limit'),
      after: c.req.query('after'),
      until: c.req.query('until'),
      side: c.req.query('side'),
      direction: c.req.query('direction'),
      symbols: c.req.query('symbols'),
    });
    if (!parsed.ok) {
      return envelope(c, parsed.rejection.status, parsed.rejection.code, parsed.rejection.message);
    }
    return c.json(sim.listOrders(account(c), parsed.query).map(wireOrder));
  });
  app.get('/v2/orders/:id', (c) => {
    const order = sim.findOrder(account(c), { id: c.req.param('id') });
    return order ? c.json(wireOrder(order)) : envelope(c, 404, 40410000, 'order not found');
  });
  app.delete('/v2/orders', (c) => c.json(sim.cancelAllOrders(account(c)), 207));
  app.delete('/v2/orders/:id', (c) => {
    const status = sim.cancelOrder(account(c), c.req.param('id'));
    if (status === 404) return envelope(c, 404, 40410000, 'order not found');
    if (status === 422) return envelope(c, 422, 42210000, 'order is not cancelable');
    return c.body(null, 204);
  });
  app.get('/v2/clock', (c) => c.json(wireLegacyClock(sim.marketClock())));
  app.get('/v3/clock', (c) => {
    const clock = sim.marketClock();
    const date = new Date(clock.nowMs).toLocaleDateString('en-CA', { timeZone: 'America/New_York' });
    return c.json(wireClock(clock, sessionOn(date) !== null));
  });
  app.get('/v2/calendar', (c) => {
    // Alpaca takes a date or an RFC 3339 timestamp; only the date part matters here.
    const start = (c.req.query('start') ?? sim.clock.now().toISOString()).slice(0, 10);
    const end = (c.req.query('end') ?? start).slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end)) {
      return envelope(c, 422, 40010001, 'start and end must be YYYY-MM-DD');
    }
    return c.json(sim.calendar(start, end).map(wireCalendarDay));
  });
  app.get('/v2/assets/:symbol', (c) => {
    const asset = sim.asset(c.req.param('symbol'));
    return asset ? c.json(wireAsset(asset)) : envelope(c, 404, 40410000, 'asset not found');
  });
  app.get('/v2/stocks/trades/latest', (c) => {
    const symbols = (c.req.query('symbols') ?? '').split(',').filter(Boolean);
    const trades: Record<string, unknown> = {};
    for (const symbol of symbols) {
      const trade = sim.latestTrade(symbol);
      if (trade) trades[symbol] = wireTrade(trade);
    }
    return c.json({ trades });
  });
  app.get('/v2/stocks/bars', (c) => {
    const answer = answerStockBars(sim, (name) => c.req.query(name));
    return answer.ok ? c.json(answer.body) : envelope(c, answer.status, answer.code, answer.message);
  });
  app.get('/v2/stocks/:symbol/trades/latest', (c) => {
    const symbol = c.req.param('symbol');
    const trade = sim.latestTrade(symbol);
    return trade
      ? c.json({ symbol, trade: wireTrade(trade) })
      : envelope(c, 404, 40410000, `no trade for ${symbol}`);
  });
  app.route('/_sim', createSimulatorAdminRoutes(sim));
  app.notFound((c) =>
    envelope(c, 404, 40410000, `the simulator does not serve ${c.req.method} ${c.req.path}`),
  );
  return app;
}

/** The app as a fetch function (for msw handlers and in-process use): dropped connections become network errors. */
export function createSimulatorFetch(options: SimulatorAppOptions): (request: Request) => Promise<Response> {
  const app = createSimulatorApp(options);
  return async (request) => {
    const response = await app.fetch(request);
    return response.headers.get(DROP_CONNECTION_HEADER) ? Response.error() : response;
  };
}
