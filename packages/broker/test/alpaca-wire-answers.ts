import { ORDER_STATUSES } from '@dalio-lite/core';
import { z } from 'zod';

// Alpaca's documented answers (the SDK's generated models in src/trading/models, the API reference pages):
// what every answer the Alpaca adapter meets must look like, whoever sends it.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const uuid = z.string().regex(UUID, 'not a UUID');
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'not a decimal string');
const instant = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a time');
const envelope = z.object({ code: z.number().int(), message: z.string().min(1) });

const order = z
  .object({
    id: uuid,
    client_order_id: z.string().min(1).max(128),
    asset_id: uuid,
    symbol: z.string().min(1),
    asset_class: z.literal('us_equity'),
    created_at: instant,
    submitted_at: instant,
    qty: decimal.nullable(),
    notional: decimal.nullable(),
    filled_qty: decimal,
    filled_avg_price: decimal.nullable(),
    type: z.literal('market'),
    side: z.enum(['buy', 'sell']),
    position_intent: z.enum(['buy_to_open', 'buy_to_close', 'sell_to_open', 'sell_to_close']),
    time_in_force: z.enum(['day', 'gtc']),
    status: z.enum(ORDER_STATUSES),
  })
  .superRefine((o, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
    if ((o.qty === null) === (o.notional === null)) problem('exactly one of qty and notional must be set');
    const wanted = Number(o.qty);
    const filled = Number(o.filled_qty);
    if (o.qty !== null && filled > wanted + 1e-9) problem(`filled ${o.filled_qty} of ${o.qty}`);
    if (o.qty !== null && Number.isInteger(wanted) && !Number.isInteger(filled)) {
      problem(`a whole-share order filled ${o.filled_qty} shares`);
    }
    if (o.qty !== null && o.status === 'filled' && Math.abs(filled - wanted) > 1e-9) {
      problem(`status filled with ${o.filled_qty} of ${o.qty}`);
    }
    if (filled > 0 !== (o.filled_avg_price !== null))
      problem('filled_avg_price must be set exactly when filled');
  });

const account = z
  .looseObject({
    id: z.string().min(1),
    status: z.string().min(1),
    currency: z.literal('USD'),
    cash: decimal,
    equity: decimal,
    last_equity: decimal,
    buying_power: decimal,
    regt_buying_power: decimal,
    non_marginable_buying_power: decimal,
    long_market_value: decimal,
    short_market_value: decimal,
    initial_margin: decimal,
    maintenance_margin: decimal,
    multiplier: z.enum(['1', '2', '4']),
    shorting_enabled: z.boolean(),
    trading_blocked: z.boolean(),
    account_blocked: z.boolean(),
    trade_suspended_by_user: z.boolean(),
  })
  .superRefine((a, ctx) => {
    const sum = Number(a.cash) + Number(a.long_market_value) + Number(a.short_market_value);
    if (Math.abs(sum - Number(a.equity)) > 0.015) {
      ctx.addIssue({ code: 'custom', message: `equity ${a.equity} is not cash + long + short (${sum})` });
    }
    if (Number(a.short_market_value) > 0) ctx.addIssue({ code: 'custom', message: 'short_market_value > 0' });
    if ('pattern_day_trader' in a || 'daytrade_count' in a) {
      ctx.addIssue({ code: 'custom', message: 'pattern-day-trader fields were retired' });
    }
  });

const position = z
  .object({
    asset_id: uuid,
    symbol: z.string().min(1),
    qty: decimal,
    qty_available: decimal,
    side: z.enum(['long', 'short']),
    market_value: decimal,
    cost_basis: decimal,
    avg_entry_price: decimal,
    current_price: decimal,
  })
  .superRefine((p, ctx) => {
    const qty = Number(p.qty);
    const available = Number(p.qty_available);
    if ((p.side === 'short') !== qty < 0 || qty === 0) {
      ctx.addIssue({ code: 'custom', message: `${p.side} position with qty ${p.qty}` });
    }
    if (Math.sign(available) * Math.sign(qty) < 0 || Math.abs(available) > Math.abs(qty)) {
      ctx.addIssue({ code: 'custom', message: `qty_available ${p.qty_available} outside qty ${p.qty}` });
    }
  });

const asset = z.object({
  id: uuid,
  class: z.literal('us_equity'),
  symbol: z.string().min(1),
  tradable: z.boolean(),
  fractionable: z.boolean(),
  shortable: z.boolean(),
  easy_to_borrow: z.boolean(),
  marginable: z.boolean(),
});

const canceled = z.array(z.object({ id: uuid, status: z.number().int() }));
const closed = z.array(
  z
    .object({ symbol: z.string().min(1), status: z.number().int(), body: z.unknown() })
    .superRefine((item, ctx) => {
      const ok = item.status >= 200 && item.status < 300;
      const result = (ok ? order : envelope).safeParse(item.body);
      if (!result.success)
        ctx.addIssue({ code: 'custom', message: `${item.symbol}: ${result.error.message}` });
    }),
);

/** The documented shape of a successful answer to `METHOD path`, or null for routes not checked here. */
function schemaFor(method: string, path: string, status: number): z.ZodType | null {
  if (method === 'GET' && path === '/v2/account') return account;
  if (method === 'GET' && path === '/v2/positions') return z.array(position);
  if (method === 'GET' && path.startsWith('/v2/positions/')) return position;
  if (method === 'GET' && path.startsWith('/v2/assets/')) return asset;
  if (method === 'GET' && path === '/v2/orders') return z.array(order);
  if (method === 'POST' && path === '/v2/orders') return order;
  if (method === 'GET' && path.startsWith('/v2/orders')) return order;
  if (method === 'DELETE' && path === '/v2/orders') return status === 207 ? canceled : null;
  if (method === 'DELETE' && path === '/v2/positions') return status === 207 ? closed : null;
  return null;
}

/**
 * What is wrong with an answer as Alpaca documents it: status codes (a cancel is 204 without a body, bulk
 * deletes 207), error envelopes, and the fields of orders, accounts, positions and assets. Empty when fine.
 */
export async function documentedAnswerProblems(request: Request, response: Response): Promise<string[]> {
  const { pathname } = new URL(request.url);
  const where = `${request.method} ${pathname} → ${response.status}`;
  if (pathname.startsWith('/_sim/') || response.type === 'error') return [];
  const text = await response.clone().text();
  if (request.method === 'DELETE' && /^\/v2\/orders\/[^/]+$/.test(pathname) && response.status < 300) {
    return response.status === 204 && text === '' ? [] : [`${where}: a cancel is answered 204 with no body`];
  }
  if (request.method === 'DELETE' && (pathname === '/v2/orders' || pathname === '/v2/positions')) {
    if (response.status !== 207) return [`${where}: bulk deletes answer 207 Multi-Status`];
  }
  const body: unknown = text === '' ? null : JSON.parse(text);
  const schema = response.status >= 400 ? envelope : schemaFor(request.method, pathname, response.status);
  if (!schema) return [];
  const parsed = schema.safeParse(body);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${where}: ${issue.path.join('.') || '(body)'} ${issue.message}`);
}
