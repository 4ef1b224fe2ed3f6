import { nextOpeningSession, sessionAt } from './market-hours.ts';
import type { CheckedOrder } from './sim-order-rules.ts';
import type { SimOrder } from './sim-state.ts';

/** What it takes to put a checked order on the book. */
export interface OpenOrderInput {
  checked: CheckedOrder;
  accountId: string;
  nowMs: number;
  random: () => number;
  partialFillProbability: number;
  rejectOnRelease: boolean;
  hiddenReads: number;
}

/** A UUID v4-shaped id from the seeded source, so ids replay with the seed. */
export function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/**
 * A new order and its schedule: while the market is open it is `new` and trades now; otherwise it is
 * `accepted` and trades at the next open. Whether its first fill is partial is drawn now, so replays match.
 */
export function openOrder(input: OpenOrderInput): SimOrder {
  const { nowMs, random } = input;
  const open = sessionAt(nowMs);
  const session = open ?? nextOpeningSession(nowMs);
  const partial = random() < input.partialFillProbability;
  const at = new Date(nowMs).toISOString();
  return {
    ...input.checked,
    id: seededUuid(random),
    accountId: input.accountId,
    clientOrderId: input.checked.clientOrderId ?? seededUuid(random),
    status: open ? 'new' : 'accepted',
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
  };
}
