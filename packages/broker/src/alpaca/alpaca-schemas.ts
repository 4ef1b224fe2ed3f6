import {
  type Account,
  type AssetInfo,
  type CalendarDay,
  type MarketClock,
  newYorkDate,
  ORDER_STATUSES,
  type Order,
  type Position,
} from '@dalio-lite/core';
import { z } from 'zod';
import type { DailyBar } from '../broker.ts';
import { parseDecimalString } from '../decimal.ts';
import { BrokerResponseError } from '../errors.ts';

const decimalText = z.string().refine((text) => parseDecimalString(text) !== null, 'not a decimal string');
const decimal = decimalText.transform(Number);
const positive = decimal.refine((value) => value > 0, 'must be > 0');
const instant = z.date().refine((date) => !Number.isNaN(date.getTime()), 'not a valid date');

const accountSchema = z.object({
  id: z.string().min(1),
  accountNumber: z.string().min(1).optional(),
  status: z.string().min(1),
  currency: z.string().min(1),
  cash: decimal,
  equity: decimal,
  lastEquity: decimal,
  buyingPower: decimal,
  multiplier: decimal.optional(),
  shortingEnabled: z.boolean().optional(),
  tradingBlocked: z.boolean(),
  accountBlocked: z.boolean(),
  tradeSuspendedByUser: z.boolean(),
});

const positionSchema = z.object({
  symbol: z.string().min(1),
  qty: decimal,
  side: z.enum(['long', 'short']),
  qtyAvailable: decimal.optional(),
  marketValue: decimal,
  currentPrice: positive,
  avgEntryPrice: decimal,
});

const orderSchema = z
  .object({
    id: z.string().min(1),
    clientOrderId: z.string().min(1),
    symbol: z.string().min(1),
    side: z.enum(['buy', 'sell']),
    qty: decimalText.nullish(),
    notional: decimalText.nullish(),
    status: z.enum(ORDER_STATUSES),
    filledQty: decimal,
    filledAvgPrice: decimal.nullish(),
    createdAt: instant,
    updatedAt: instant,
    filledAt: instant.nullish(),
  })
  .refine((order) => (order.qty ?? order.notional) != null, 'order has neither qty nor notional');

const clockSchema = z.object({
  timestamp: instant,
  isOpen: z.boolean(),
  nextOpen: instant,
  nextClose: instant,
});
const hhmm = z.string().regex(/^\d{2}:\d{2}$/);
const calendarSchema = z.array(z.object({ date: instant, open: hhmm, close: hhmm }));
const assetSchema = z.object({ symbol: z.string().min(1), tradable: z.boolean(), fractionable: z.boolean() });
const tradeSchema = z.object({ p: z.number().positive().finite(), t: instant });
const price = z.number().positive().finite();
// The SDK passes bars through as raw JSON, so `t` arrives as an RFC 3339 string (a Date if that ever changes).
const barTime = z.union([
  instant,
  z
    .string()
    .refine(
      (text) => /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text)),
      'not an RFC 3339 time',
    )
    .transform((text) => new Date(text)),
]);
const barSchema = z.object({
  t: barTime,
  o: price,
  h: price,
  l: price,
  c: price,
  v: z.number().nonnegative().finite(),
});
const barsPageSchema = z.object({
  bars: z.record(z.string(), z.array(barSchema)).nullable(),
  nextPageToken: z.string().nullish(),
});

function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.join('.') || '(root)';
  throw new BrokerResponseError(
    `malformed ${what} from the broker: ${path} ${issue?.message ?? 'is invalid'}`,
    {
      cause: parsed.error,
    },
  );
}

/** Validate the SDK's account model and map it to core's Account. */
export function parseAccount(value: unknown): Account {
  const a = check(accountSchema, value, 'account');
  return {
    id: a.id,
    ...(a.accountNumber === undefined ? {} : { accountNumber: a.accountNumber }),
    status: a.status,
    currency: a.currency,
    cashUsd: a.cash,
    equityUsd: a.equity,
    lastEquityUsd: a.lastEquity,
    buyingPowerUsd: a.buyingPower,
    ...(a.multiplier === undefined ? {} : { multiplier: a.multiplier }),
    ...(a.shortingEnabled === undefined ? {} : { shortingEnabled: a.shortingEnabled }),
    tradingBlocked: a.tradingBlocked,
    accountBlocked: a.accountBlocked,
    tradeSuspendedByUser: a.tradeSuspendedByUser,
  };
}

/** Validate a position list; a short position must carry a negative quantity and a long one a positive. */
export function parsePositions(value: unknown): Position[] {
  const positions = check(z.array(positionSchema), value, 'position list');
  for (const p of positions) {
    if ((p.side === 'short') !== p.qty < 0) {
      throw new BrokerResponseError(
        `malformed position list from the broker: ${p.symbol} is ${p.side} with qty ${p.qty}`,
      );
    }
  }
  return positions.map((p) => ({
    symbol: p.symbol,
    qty: p.qty,
    side: p.side,
    ...(p.qtyAvailable === undefined ? {} : { qtyAvailable: p.qtyAvailable }),
    marketValueUsd: p.marketValue,
    currentPriceUsd: p.currentPrice,
    avgEntryPriceUsd: p.avgEntryPrice,
  }));
}

/** Validate an order. */
export function parseOrder(value: unknown): Order {
  const o = check(orderSchema, value, 'order');
  return {
    id: o.id,
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    amount: o.qty != null ? { kind: 'qty', shares: o.qty } : { kind: 'notional', usd: o.notional ?? '' },
    status: o.status,
    filledQty: o.filledQty,
    filledAvgPriceUsd: o.filledAvgPrice ?? null,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    filledAt: o.filledAt ? o.filledAt.toISOString() : null,
  };
}

/** Validate an order list. */
export function parseOrders(value: unknown): Order[] {
  if (!Array.isArray(value))
    throw new BrokerResponseError('malformed order list from the broker: not an array');
  return value.map(parseOrder);
}

/** Validate the legacy clock. */
export function parseClock(value: unknown): MarketClock {
  const c = check(clockSchema, value, 'clock');
  return {
    timestamp: c.timestamp.toISOString(),
    isOpen: c.isOpen,
    nextOpen: c.nextOpen.toISOString(),
    nextClose: c.nextClose.toISOString(),
  };
}

/** Validate the legacy calendar. */
export function parseCalendar(value: unknown): CalendarDay[] {
  return check(calendarSchema, value, 'calendar').map((d) => ({
    date: d.date.toISOString().slice(0, 10),
    open: d.open,
    close: d.close,
  }));
}

/** Validate an asset. */
export function parseAsset(value: unknown): AssetInfo {
  const a = check(assetSchema, value, 'asset');
  return { symbol: a.symbol, tradable: a.tradable, fractionable: a.fractionable };
}

/** Validate one latest trade (market data). */
export function parseTrade(value: unknown, symbol: string): { priceUsd: number; at: string } {
  const t = check(tradeSchema, value, `latest trade of ${symbol}`);
  return { priceUsd: t.p, at: t.t.toISOString() };
}

/** Validate one page of `GET /v2/stocks/bars` (daily timeframe); bars of symbols not asked for are an error. */
export function parseDailyBarsPage(
  value: unknown,
  requested: ReadonlySet<string>,
): { bars: DailyBar[]; nextPageToken: string | null } {
  const page = check(barsPageSchema, value, 'bars page');
  const bars: DailyBar[] = [];
  for (const [symbol, list] of Object.entries(page.bars ?? {})) {
    if (!requested.has(symbol)) {
      throw new BrokerResponseError(
        `malformed bars page from the broker: bars for ${symbol}, which was not asked for`,
      );
    }
    for (const bar of list) {
      bars.push({
        symbol,
        date: newYorkDate(bar.t),
        open: bar.o,
        high: bar.h,
        low: bar.l,
        close: bar.c,
        volume: bar.v,
      });
    }
  }
  return { bars, nextPageToken: page.nextPageToken || null };
}
