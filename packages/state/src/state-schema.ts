import {
  BROKER_VENUES,
  type BreakerState,
  type BrokerVenue,
  ORDER_STATUSES,
  type OrderAmount,
  type OrderRequest,
  type OrderSide,
  type OrderStatus,
} from '@dalio-lite/core';
import { z } from 'zod';

const isoTimestamp = z.iso.datetime({ offset: true });
const decimalString = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'an exact non-negative decimal string such as "125.50"');

/** A trading day from the broker clock, `YYYY-MM-DD` (America/New_York). */
export const tradingDaySchema = z.iso.date();

/** Buy or sell. */
export const orderSideSchema = z.enum(['buy', 'sell']) satisfies z.ZodType<OrderSide>;

/** Every Alpaca order status. */
export const orderStatusSchema = z.enum(ORDER_STATUSES) satisfies z.ZodType<OrderStatus>;

/** Dollars or shares, as exact decimal strings. */
export const orderAmountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('notional'), usd: decimalString }),
  z.object({ kind: z.literal('qty'), shares: decimalString }),
]) satisfies z.ZodType<OrderAmount>;

/** An order written in the intent before it is sent; the client order id is the idempotency fence. */
export const plannedOrderSchema = z.object({
  clientOrderId: z.string().min(1).max(48),
  symbol: z.string().min(1),
  side: orderSideSchema,
  amount: orderAmountSchema,
  estimatedValueUsd: z.number().finite(),
  /** The plan's distance to target for this leg (before rounding); absent in intents written before v3. */
  wantUsd: z.number().finite().optional(),
}) satisfies z.ZodType<OrderRequest & { estimatedValueUsd: number; wantUsd?: number }>;

/** One answer from the broker about one planned order, recorded as it arrives. */
export const brokerAnswerSchema = z.object({
  clientOrderId: z.string().min(1).max(48),
  at: isoTimestamp,
  orderId: z.string().nullable(),
  status: orderStatusSchema.nullable(),
  filledQty: z.number().nonnegative().nullable(),
  filledAvgPriceUsd: z.number().positive().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

/** Where a trading day's rebalance stands: intent is written before any order, then closed. */
export const dayStatusSchema = z.enum(['intent', 'committed', 'partial', 'failed']);

/** The rebalance record of one trading day. */
export const dayRecordSchema = z.object({
  day: tradingDaySchema,
  status: dayStatusSchema,
  attempt: z.number().int().nonnegative(),
  plannedOrders: z.array(plannedOrderSchema),
  brokerAnswers: z.array(brokerAnswerSchema),
  reasons: z.array(z.string()),
  /** The plan's cash reserve, which the buys are sized against after the sells; null before v3. */
  reserveUsd: z.number().nonnegative().nullable(),
  /**
   * The account's cash when the intent was written: with this day's fills it says what cash the broker must
   * show before the buys are sized (a read can lag the fills); null before v3.
   */
  cashAtIntentUsd: z.number().finite().nullable(),
  startedAt: isoTimestamp,
  updatedAt: isoTimestamp,
  finishedAt: isoTimestamp.nullable(),
});

const trippedBreakerSchema = z.object({ trippedAt: isoTimestamp, reason: z.string().min(1) });

/** Breakers persist until a manual resume. */
export const breakersSchema = z.object({
  dailyLoss: trippedBreakerSchema.nullable(),
  drawdown: trippedBreakerSchema.nullable(),
}) satisfies z.ZodType<BreakerState>;

/** The live capital tier (0 = first tier); null while trading on paper. */
export const liveTierSchema = z
  .object({
    tier: z.number().int().nonnegative(),
    capitalCapUsd: z.number().positive().nullable(),
    since: isoTimestamp,
  })
  .nullable();

/** Where a broker account lives: the built-in simulator, or Alpaca's paper or live API. */
export const brokerVenueSchema = z.enum(BROKER_VENUES) satisfies z.ZodType<BrokerVenue>;

/** The one broker account a state directory belongs to, recorded by its first cycle. */
export const accountBindingSchema = z.object({
  venue: brokerVenueSchema,
  accountId: z.string().min(1),
  since: isoTimestamp,
});

/** The current schema version of `state.json`. */
export const STATE_SCHEMA_VERSION = 3;

/** The payload of `state.json`, schema version 3. */
export const statePayloadSchema = z
  .object({
    /** The broker account this state belongs to; null until the first cycle. */
    account: accountBindingSchema.nullable(),
    days: z.record(tradingDaySchema, dayRecordSchema),
    lastRebalance: z.object({ day: tradingDaySchema, at: isoTimestamp }).nullable(),
    highWaterMarkUsd: z.number().nonnegative().nullable(),
    breakers: breakersSchema,
    halt: z.object({ since: isoTimestamp, reason: z.string().min(1) }).nullable(),
    liveTier: liveTierSchema,
  })
  .superRefine((payload, context) => {
    for (const [key, record] of Object.entries(payload.days)) {
      if (record.day !== key) {
        context.addIssue({
          code: 'custom',
          path: ['days', key, 'day'],
          message: `day ${record.day} filed under ${key}`,
        });
      }
    }
  });

/** A trading day from the broker clock. */
export type TradingDay = z.infer<typeof tradingDaySchema>;
/** An order as planned in the intent. */
export type PersistedPlannedOrder = z.infer<typeof plannedOrderSchema>;
/** A broker answer as recorded. */
export type BrokerAnswer = z.infer<typeof brokerAnswerSchema>;
/** `intent | committed | partial | failed`. */
export type DayStatus = z.infer<typeof dayStatusSchema>;
/** One trading day's rebalance record. */
export type DayRecord = z.infer<typeof dayRecordSchema>;
/** The live tier, or null on paper. */
export type LiveTier = z.infer<typeof liveTierSchema>;
/** The broker account a state directory belongs to. */
export type AccountBinding = z.infer<typeof accountBindingSchema>;
/** Everything the engine persists in `state.json`. */
export type StatePayload = z.infer<typeof statePayloadSchema>;

/** The payload of a store that has never been written. */
export function initialStatePayload(): StatePayload {
  return {
    account: null,
    days: {},
    lastRebalance: null,
    highWaterMarkUsd: null,
    breakers: { dailyLoss: null, drawdown: null },
    halt: null,
    liveTier: null,
  };
}
