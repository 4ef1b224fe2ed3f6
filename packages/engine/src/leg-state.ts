import { isTerminalOrderStatus, type Order } from '@dalio-lite/core';
import type { BrokerAnswer, DayRecord, DayStatus } from '@dalio-lite/state';

/** The latest answer a record holds for one planned order. */
export function latestAnswerIn(record: DayRecord, clientOrderId: string): BrokerAnswer | undefined {
  return record.brokerAnswers.findLast((answer) => answer.clientOrderId === clientOrderId);
}

/** The answer to record for an order as the broker reports it. */
export function answerFromOrder(order: Order, at: string): BrokerAnswer {
  return {
    clientOrderId: order.clientOrderId,
    at,
    orderId: order.id,
    status: order.status,
    filledQty: order.filledQty,
    filledAvgPriceUsd: order.filledAvgPriceUsd,
    error: null,
  };
}

/** The answer to record when the broker refused or could not be understood. */
export function errorAnswer(
  clientOrderId: string,
  at: string,
  code: string,
  message: string,
  rejected: boolean,
): BrokerAnswer {
  return {
    clientOrderId,
    at,
    orderId: null,
    status: rejected ? 'rejected' : null,
    filledQty: null,
    filledAvgPriceUsd: null,
    error: { code, message },
  };
}

/**
 * The marker written durably just before an order is sent. A leg without it was provably never sent, so
 * recovery sends it at once; a leg with it may exist at the broker and is looked up first.
 */
export function sendingMarker(clientOrderId: string, at: string): BrokerAnswer {
  return {
    clientOrderId,
    at,
    orderId: null,
    status: null,
    filledQty: null,
    filledAvgPriceUsd: null,
    error: null,
  };
}

/** Where one planned order stands, from its latest answer. */
export type LegState =
  | 'unsent'
  | 'sending'
  | 'unknown'
  | 'open'
  | 'filled'
  | 'partly-filled'
  | 'unfilled'
  | 'skipped';

/** Classify a leg from its latest answer. */
export function legState(answer: BrokerAnswer | undefined): LegState {
  if (!answer) return 'unsent';
  if (answer.error?.code === 'skipped') return 'skipped';
  // Reconciliation of a past day found no such order at the broker: it was never placed, and never will be.
  if (answer.error?.code === 'not-placed') return 'unfilled';
  if (answer.status === null && answer.error === null && answer.orderId === null) return 'sending';
  if (answer.status === null) return 'unknown';
  if (!isTerminalOrderStatus(answer.status)) return 'open';
  if (answer.status === 'filled') return 'filled';
  return (answer.filledQty ?? 0) > 0 ? 'partly-filled' : 'unfilled';
}

/** True when every leg has a final answer, so the day can be closed. */
export function allLegsSettled(record: DayRecord): boolean {
  return record.plannedOrders.every((order) => {
    const state = legState(latestAnswerIn(record, order.clientOrderId));
    return state !== 'unsent' && state !== 'sending' && state !== 'unknown' && state !== 'open';
  });
}

/** The closing status of a settled day and the reasons for anything short of a full fill. */
export function closingStatus(record: DayRecord): {
  status: Exclude<DayStatus, 'intent'>;
  reasons: string[];
} {
  const reasons: string[] = [];
  let filled = 0;
  let anyFill = false;
  const orders = record.plannedOrders;
  for (const order of orders) {
    const answer = latestAnswerIn(record, order.clientOrderId);
    const state = legState(answer);
    if (state === 'filled') {
      filled++;
      anyFill = true;
      continue;
    }
    if (state === 'partly-filled') anyFill = true;
    const detail = answer?.error
      ? `${answer.error.code}: ${answer.error.message}`
      : `status ${answer?.status ?? 'none'}, filled ${answer?.filledQty ?? 0}`;
    reasons.push(
      `${order.side} ${order.symbol} (${order.clientOrderId}) did not fill completely — ${detail}`,
    );
  }
  if (filled === orders.length) return { status: 'committed', reasons };
  return { status: anyFill ? 'partial' : 'failed', reasons };
}
