import type { OrderSide, OrderStatus } from '@dalio-lite/core';

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

/** Where the simulator keeps its state between restarts. */
export interface SimStore {
  load(): SimState | null;
  save(state: SimState): void;
}

/** A fresh state with no accounts. */
export function emptySimState(seed: number): SimState {
  return { version: 1, seq: 0, randomState: seed >>> 0, accounts: {}, orders: [], fills: [] };
}
