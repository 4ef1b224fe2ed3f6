import { nextOpeningSession, sessionAt } from './market-hours.ts';
import type { CheckedOrder } from './sim-order-rules.ts';
import type { SimOrder } from './sim-state.ts';

/** What it takes to put a checked order on the book. */
export interface OpenOrderInput {
  checked: CheckedOrder;
  accountId: string;
  id: string;
  /** Used when the request carried no client order id. */
  generatedClientOrderId: string;
  nowMs: number;
  random: () => number;
  partialFillProbability: number;
  /** Answer `pending_new` rather than `new` while the market is open. */
  pendingNew: boolean;
  rejectOnRelease: boolean;
  hiddenReads: number;
}

/**
 * A new order and its schedule: while the market is open it is `pending_new` (or `new`) and trades now;
 * otherwise it is `accepted` and trades at the next open. Whether its first fill is partial is drawn now, so
 * replays match.
 */
export function openOrder(input: OpenOrderInput): SimOrder {
  const { nowMs, random } = input;
  const open = sessionAt(nowMs);
  const session = open ?? nextOpeningSession(nowMs);
  const partial = random() < input.partialFillProbability;
  const at = new Date(nowMs).toISOString();
  return {
    ...input.checked,
    id: input.id,
    accountId: input.accountId,
    clientOrderId: input.checked.clientOrderId ?? input.generatedClientOrderId,
    status: open ? (input.pendingNew ? 'pending_new' : 'new') : 'accepted',
    filledQty: 0,
    filledAvgPriceUsd: null,
    createdAt: at,
    updatedAt: at,
    filledAt: null,
    canceledAt: null,
    expiredAt: null,
    failedAt: null,
    releaseAtMs: open ? nowMs : session.openMs,
    sessionCloseMs: session.closeMs,
    partialFraction: partial ? 0.1 + 0.8 * random() : null,
    rejectOnRelease: input.rejectOnRelease,
    hiddenReads: input.hiddenReads,
    targetQty: null,
    restAtMs: null,
    cancelDue: null,
    holdDue: null,
  };
}
