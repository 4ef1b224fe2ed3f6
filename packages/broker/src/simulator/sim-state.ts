import { randomUUID } from 'node:crypto';
import { ORDER_STATUSES, type OrderSide, type OrderStatus } from '@dalio-lite/core';
import { z } from 'zod';
import type { SimDue } from './sim-consistency.ts';
import type { SimAccountType } from './sim-margin.ts';

/** What an order does to a position, as Alpaca infers it (`position_intent`). */
export type SimPositionIntent = 'buy_to_open' | 'buy_to_close' | 'sell_to_open' | 'sell_to_close';

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
  /** Buying power the open order holds back (opening orders only). */
  reservedUsd: number;
  /** Opens or adds to a position, or reduces one; fixed at submission. */
  positionIntent: SimPositionIntent;
  /** When the rest of a partially filled order is tried next; null until the first fill. */
  restAtMs: number | null;
  /** A cancel request in flight (`pending_cancel`): when it lands. */
  cancelDue: SimDue | null;
  /** After a sell's cancel landed: until when its unfilled shares stay held. */
  holdDue: SimDue | null;
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

/** A cash movement that is not a fill, e.g. margin interest on a debit balance. */
export interface SimCharge {
  accountId: string;
  kind: 'margin-interest';
  /** Signed: negative takes cash out of the account. */
  amountUsd: number;
  at: string;
}

/** A position: positive quantity long, negative short (cost basis then negative too). */
export interface SimPosition {
  qty: number;
  costBasisUsd: number;
}

/** A fill that the account's cash and positions do not show yet (eventual consistency). */
export interface SimUnsettledFill {
  symbol: string;
  /** Signed change of the position. */
  qty: number;
  /** Signed change of cash. */
  cashUsd: number;
  /** Change of the position's cost basis. */
  costBasisUsd: number;
  due: SimDue;
}

/** One account's cash and positions. */
export interface SimAccount {
  id: string;
  type: SimAccountType;
  cashUsd: number;
  positions: Record<string, SimPosition>;
  createdAt: string;
  /** Requests this account has made; consistency windows count them. */
  requests: number;
  /** Where the account's own consistency stream stands; null until its first draw. */
  consistencyRandomState: number | null;
  /** Equity recorded at the latest regular close (Alpaca's `last_equity`); null until the first one. */
  lastClose: { atMs: number; equityUsd: number } | null;
  unsettled: SimUnsettledFill[];
}

/** Everything the simulator persists; the ledger is `orders` (every order ever) plus `fills` and `charges`. */
export interface SimState {
  version: 1;
  seq: number;
  /** Random per state, so order ids never repeat across simulators, even with the same seed. */
  instanceId: string;
  randomState: number;
  /** Seed of the accounts' consistency streams (separate from fills and slippage, so switching them off changes neither). */
  consistencySeed: number;
  accounts: Record<string, SimAccount>;
  orders: SimOrder[];
  fills: SimFill[];
  charges: SimCharge[];
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

/** Derive the consistency streams' seed from the main one (any fixed, different value works). */
export function consistencySeed(seed: number): number {
  return (seed ^ 0x5bd1e995) >>> 0;
}

/** A fresh state with no accounts; `instanceId` makes its order ids its own. */
export function emptySimState(seed: number, instanceId: string = randomUUID()): SimState {
  return {
    version: 1,
    seq: 0,
    instanceId,
    randomState: seed >>> 0,
    consistencySeed: consistencySeed(seed),
    accounts: {},
    orders: [],
    fills: [],
    charges: [],
  };
}

/** One of a fixed list, with an error that quotes the bad value instead of listing every allowed one. */
function oneOf<const Values extends readonly [string, ...string[]]>(values: Values, noun: string) {
  return z.enum(values, { error: (issue) => `${JSON.stringify(issue.input)} is not ${noun}` });
}

const count = z.number().nonnegative();
const isoTime = z.iso.datetime();
const side = oneOf(['buy', 'sell'], 'an order side');
const due = z.object({ atMs: z.number(), atRequest: z.number() });
const intents = ['buy_to_open', 'buy_to_close', 'sell_to_open', 'sell_to_close'] as const;

// Fields added after version 1 shipped default, so older state files still load.
const simOrderSchema = z
  .object({
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
    positionIntent: oneOf(intents, 'a position intent').optional(),
    restAtMs: z.number().nullable().default(null),
    cancelDue: due.nullable().default(null),
    holdDue: due.nullable().default(null),
  })
  .transform(({ positionIntent, ...order }) => ({
    ...order,
    positionIntent: positionIntent ?? (order.side === 'buy' ? 'buy_to_open' : 'sell_to_close'),
  })) satisfies z.ZodType<SimOrder>;

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
  type: oneOf(['margin', 'cash'], 'an account type').default('margin'),
  cashUsd: z.number(),
  positions: z.record(z.string(), z.object({ qty: z.number(), costBasisUsd: z.number() })),
  createdAt: isoTime,
  requests: z.number().int().nonnegative().default(0),
  consistencyRandomState: z.number().int().nonnegative().nullable().default(null),
  lastClose: z.object({ atMs: z.number(), equityUsd: z.number() }).nullable().default(null),
  unsettled: z
    .array(
      z.object({
        symbol: z.string().min(1),
        qty: z.number(),
        cashUsd: z.number(),
        costBasisUsd: z.number(),
        due,
      }),
    )
    .default([]),
}) satisfies z.ZodType<SimAccount>;

const simChargeSchema = z.object({
  accountId: z.string().min(1),
  kind: z.literal('margin-interest'),
  amountUsd: z.number(),
  at: isoTime,
}) satisfies z.ZodType<SimCharge>;

/** The saved simulator state, checked on load so a damaged file is refused rather than traded on. */
export const simStateSchema = z
  .object({
    version: z.literal(1),
    seq: z.number().int().nonnegative(),
    instanceId: z.string().min(1).optional(),
    randomState: z.number().int().nonnegative(),
    consistencySeed: z.number().int().nonnegative().optional(),
    accounts: z.record(z.string(), simAccountSchema),
    orders: z.array(simOrderSchema),
    fills: z.array(simFillSchema),
    charges: z.array(simChargeSchema).default([]),
  })
  .transform(({ instanceId, consistencySeed: seedOfStreams, ...state }) => ({
    ...state,
    instanceId: instanceId ?? randomUUID(),
    consistencySeed: seedOfStreams ?? consistencySeed(state.randomState),
  })) satisfies z.ZodType<SimState>;
