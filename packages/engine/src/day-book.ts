import { isTerminalOrderStatus, type Order } from '@dalio-lite/core';
import type {
  BrokerAnswer,
  DayRecord,
  DayStatus,
  PersistedPlannedOrder,
  StatePayload,
  StateStore,
} from '@dalio-lite/state';

/** One trading day's record, changed only through durable writes: an answer is on disk before it is acted on. */
export interface DayBook {
  readonly day: string;
  record(): DayRecord;
  latestAnswer(clientOrderId: string): BrokerAnswer | undefined;
  /** Persist a broker answer (skipped when it says nothing new). */
  recordAnswer(answer: BrokerAnswer): Promise<boolean>;
  /** Persist new amounts for planned orders (buys resized to the cash the sells freed). */
  replacePlanned(orders: readonly PersistedPlannedOrder[]): Promise<void>;
  /** Close the day; a committed day also becomes the last rebalance, in the same durable write. */
  close(status: Exclude<DayStatus, 'intent'>, reasons: readonly string[], at: string): Promise<void>;
  addReasons(reasons: readonly string[]): Promise<void>;
}

/** Open the book of a day that already has a record in the store's payload. */
export function openDayBook(store: StateStore, initial: DayRecord, now: () => Date): DayBook {
  let current = initial;
  const persist = async (
    change: (record: DayRecord) => DayRecord,
    alsoChange?: (payload: StatePayload) => StatePayload,
  ) => {
    const written = await store.update((payload) => {
      const onDisk = payload.days[current.day] ?? current;
      const next = { ...payload, days: { ...payload.days, [current.day]: change(onDisk) } };
      return alsoChange ? alsoChange(next) : next;
    });
    const fresh = written.payload.days[current.day];
    if (!fresh) throw new Error(`day ${current.day} vanished from state after a write`);
    current = fresh;
  };
  return {
    day: initial.day,
    record: () => current,
    latestAnswer: (clientOrderId) =>
      current.brokerAnswers.findLast((answer) => answer.clientOrderId === clientOrderId),
    async recordAnswer(answer) {
      const last = current.brokerAnswers.findLast((a) => a.clientOrderId === answer.clientOrderId);
      if (last && sameAnswer(last, answer)) return false;
      await persist((record) => ({
        ...record,
        brokerAnswers: [...record.brokerAnswers, answer],
        updatedAt: answer.at,
      }));
      return true;
    },
    async replacePlanned(orders) {
      const byId = new Map(orders.map((order) => [order.clientOrderId, order]));
      await persist((record) => ({
        ...record,
        plannedOrders: record.plannedOrders.map((order) => byId.get(order.clientOrderId) ?? order),
        updatedAt: now().toISOString(),
      }));
    },
    async close(status, reasons, at) {
      await persist(
        (record) => ({
          ...record,
          status,
          reasons: [...record.reasons, ...reasons],
          updatedAt: at,
          finishedAt: at,
        }),
        status === 'committed'
          ? (payload) => ({ ...payload, lastRebalance: { day: current.day, at } })
          : undefined,
      );
    },
    async addReasons(reasons) {
      // A retried cycle meets the same obstacle again; say it once.
      const fresh = reasons.filter((reason) => !current.reasons.includes(reason));
      if (fresh.length === 0) return;
      await persist((record) => ({
        ...record,
        reasons: [...record.reasons, ...fresh],
        updatedAt: now().toISOString(),
      }));
    },
  };
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
export function allLegsSettled(book: DayBook): boolean {
  return book.record().plannedOrders.every((order) => {
    const state = legState(book.latestAnswer(order.clientOrderId));
    return state !== 'unsent' && state !== 'sending' && state !== 'unknown' && state !== 'open';
  });
}

/** The closing status of a settled day and the reasons for anything short of a full fill. */
export function closingStatus(book: DayBook): { status: Exclude<DayStatus, 'intent'>; reasons: string[] } {
  const reasons: string[] = [];
  let filled = 0;
  let anyFill = false;
  const orders = book.record().plannedOrders;
  for (const order of orders) {
    const answer = book.latestAnswer(order.clientOrderId);
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

function sameAnswer(a: BrokerAnswer, b: BrokerAnswer): boolean {
  return (
    a.orderId === b.orderId &&
    a.status === b.status &&
    a.filledQty === b.filledQty &&
    a.filledAvgPriceUsd === b.filledAvgPriceUsd &&
    a.error?.code === b.error?.code &&
    a.error?.message === b.error?.message
  );
}
