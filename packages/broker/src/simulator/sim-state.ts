import { ORDER_STATUSES, type OrderSide, type OrderStatus } from '@dalio-lite/core';
import { z } from 'zod';

/** An order inside the simulator, with the schedule that decides its fate. Amounts are exact decimal strings. */
export interface SimOrder {
  id: string;
  accountId: string;
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  qty: string | null;
  notional: string | null;
  timeInForce: 'day' | 'gtc';
  status: OrderStatus;
  filledQty: number;
  filledAvgPriceUsd: number | null;
  createdAt: string;
  updatedAt: string;
  filledAt: string | null;
  canceledAt: string | null;
  expiredAt: string | null;
  failedAt: string | null;
  /** When the order reaches the market: at once while open, else the next open. */
  releaseAtMs: number;
  /** The close of the session it trades in; a `day` order still open then expires. */
  sessionCloseMs: number;
  /** Drawn at submission: the share of the order the first fill takes, or null for one full fill. */
  partialFraction: number | null;
  /** Drawn at submission (or injected): the order is rejected when it reaches the market. */
  rejectOnRelease: boolean;
  /** Lookups that still miss the order (late visibility). */
  hiddenReads: number;
  /** Shares the order will fill in total, fixed when it reaches the market (notional orders derive it). */
  targetQty: number | null;
  /** Buying power the open buy holds back. */
  reservedUsd: number;
}

/** One execution. */
export interface SimFill {
  orderId: string;
  clientOrderId: string;
  accountId: string;
  symbol: string;
  side: OrderSide;
  qty: number;
  priceUsd: number;
  /** Cash moved: qty × price rounded to cents. */
  valueUsd: number;
  at: string;
}

/** A long position. */
export interface SimPosition {
  qty: number;
  costBasisUsd: number;
}

/** One account's cash and positions. */
export interface SimAccount {
  id: string;
  cashUsd: number;
  positions: Record<string, SimPosition>;
  createdAt: string;
}

/** Everything the simulator persists; the ledger is `orders` (every order ever) plus `fills`. */
export interface SimState {
  version: 1;
  seq: number;
  randomState: number;
  accounts: Record<string, SimAccount>;
  orders: SimOrder[];
  fills: SimFill[];
}

/**
 * Where the simulator keeps its state between restarts. `save` runs inside every synchronous change, so it only
 * schedules the write; `flush` resolves once everything saved before the call is durable and rejects if it is not.
 */
export interface SimStore {
  load(): SimState | null;
  save(state: SimState): void;
  flush(): Promise<void>;
}

/** A fresh state with no accounts. */
export function emptySimState(seed: number): SimState {
  return { version: 1, seq: 0, randomState: seed >>> 0, accounts: {}, orders: [], fills: [] };
}

/** One of a fixed list, with an error that quotes the bad value instead of listing every allowed one. */
function oneOf<const Values extends readonly [string, ...string[]]>(values: Values, noun: string) {
  return z.enum(values, { error: (issue) => `${JSON.stringify(issue.input)} is not ${noun}` });
}

const count = z.number().nonnegative();
const isoTime = z.iso.datetime();
const side = oneOf(['buy', 'sell'], 'an order side');

const simOrderSchema = z.object({
  id: z.string().min(1),
  accountId: z.string().min(1),
  clientOrderId: z.string().min(1),
  symbol: z.string().min(1),
  side,
  qty: z.string().nullable(),
  notional: z.string().nullable(),
  timeInForce: oneOf(['day', 'gtc'], 'a time in force'),
  status: oneOf(ORDER_STATUSES, 'an order status'),
  filledQty: count,
  filledAvgPriceUsd: z.number().positive().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  filledAt: isoTime.nullable(),
  canceledAt: isoTime.nullable(),
  expiredAt: isoTime.nullable(),
  failedAt: isoTime.nullable(),
  releaseAtMs: z.number(),
  sessionCloseMs: z.number(),
  partialFraction: z.number().min(0).max(1).nullable(),
  rejectOnRelease: z.boolean(),
  hiddenReads: z.number().int().nonnegative(),
  targetQty: count.nullable(),
  reservedUsd: count,
}) satisfies z.ZodType<SimOrder>;

const simFillSchema = z.object({
  orderId: z.string().min(1),
  clientOrderId: z.string().min(1),
  accountId: z.string().min(1),
  symbol: z.string().min(1),
  side,
  qty: count,
  priceUsd: z.number().positive(),
  valueUsd: count,
  at: isoTime,
}) satisfies z.ZodType<SimFill>;

const simAccountSchema = z.object({
  id: z.string().min(1),
  cashUsd: z.number(),
  positions: z.record(z.string(), z.object({ qty: count, costBasisUsd: z.number() })),
  createdAt: isoTime,
}) satisfies z.ZodType<SimAccount>;

/** The saved simulator state, checked on load so a damaged file is refused rather than traded on. */
export const simStateSchema = z.object({
  version: z.literal(1),
  seq: z.number().int().nonnegative(),
  randomState: z.number().int().nonnegative(),
  accounts: z.record(z.string(), simAccountSchema),
  orders: z.array(simOrderSchema),
  fills: z.array(simFillSchema),
}) satisfies z.ZodType<SimState>;
