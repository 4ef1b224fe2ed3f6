import type { Broker } from '@dalio-lite/broker';
import type { MarketClock } from '@dalio-lite/core';
import type { BrokerAnswer, DayRecord } from '@dalio-lite/state';
import { isOwnClientOrderId } from './client-order-id.ts';
import { type CycleContext, dayBookFence } from './cycle-context.ts';
import { type DayBook, openDayBook } from './day-book.ts';
import {
  allLegsSettled,
  answerFromOrder,
  closingStatus,
  errorAnswer,
  latestAnswerIn,
  legState,
} from './leg-state.ts';
import { awaitTerminal } from './order-placement.ts';

/** What reconciling the earlier days found: notes for the report, and our orders still open at the broker. */
export interface ReconcileOutcome {
  notes: string[];
  /** Earlier days whose orders are still open, described ("2025-03-03: dl-…-TLT-buy"); the cycle may not plan. */
  stillOpen: string[];
}

/**
 * Finish the record of every earlier day left open (a crash, a broker outage, orders still open at the
 * deadline). The broker is the source of truth: each planned order is looked up by its client order id and its
 * final state adopted; an order of a past day that the broker does not show was never placed. While the market
 * is open, an order of an earlier day still working is waited for (the fill timeout), then canceled with the
 * reason recorded, so no cycle ever plans from positions and cash that ignore it. Today's open intent is left
 * to the cycle itself, which continues it.
 */
export async function reconcileOpenDays(
  context: CycleContext,
  today: string,
  clock: MarketClock,
): Promise<ReconcileOutcome> {
  const payload = (await context.store.load())?.payload;
  if (!payload) return { notes: [], stillOpen: [] };
  const notes: string[] = [];
  const stillOpen: string[] = [];
  const open = Object.values(payload.days).filter(
    (record) => record.status === 'intent' && record.day < today,
  );
  for (const record of open.sort((a, b) => a.day.localeCompare(b.day))) {
    const book = openDayBook(context.store, record, dayBookFence(context));
    await refreshLegs(context, book);
    if (!allLegsSettled(book.record()) && clock.isOpen) await waitThenCancel(context, book, today);
    if (!allLegsSettled(book.record())) {
      const ids = openLegs(book).map((order) => order.clientOrderId);
      stillOpen.push(`${record.day}: ${ids.join(', ')}`);
      notes.push(
        `${record.day}: orders still open at the broker (${ids.join(', ')}); left open for the next run`,
      );
      continue;
    }
    const { status, reasons } = closingStatus(book.record());
    await book.close(status, [`reconciled on ${today}`, ...reasons], context.now().toISOString());
    const note = `${record.day}: an interrupted rebalance was reconciled with the broker and closed as ${status}`;
    notes.push(note);
    context.emit({ type: 'reconciled', day: record.day, notes: [note, ...reasons] });
  }
  return { notes, stillOpen };
}

/** Adopt what the broker says about every leg without a final answer. */
async function refreshLegs(context: CycleContext, book: DayBook): Promise<void> {
  const answers = await lookUpUnsettledLegs(context.broker, book.record(), () => context.now().toISOString());
  for (const answer of answers) await book.recordAnswer(answer);
}

/**
 * What the broker says about each leg of an earlier day without a final answer, as answers to record: the
 * order as it stands, or "not placed" when the broker has no such order (a past day's miss is final).
 */
export async function lookUpUnsettledLegs(
  broker: Broker,
  record: DayRecord,
  at: () => string,
): Promise<BrokerAnswer[]> {
  const answers: BrokerAnswer[] = [];
  for (const order of record.plannedOrders) {
    const state = legState(latestAnswerIn(record, order.clientOrderId));
    if (state !== 'unsent' && state !== 'sending' && state !== 'unknown' && state !== 'open') continue;
    const found = await broker.getOrderByClientOrderId(order.clientOrderId);
    answers.push(
      found
        ? answerFromOrder(found, at())
        : errorAnswer(
            order.clientOrderId,
            at(),
            'not-placed',
            `the broker has no order ${order.clientOrderId}`,
            false,
          ),
    );
  }
  return answers;
}

/** Give an earlier day's open orders the fill timeout, then cancel what is still working and see it end. */
async function waitThenCancel(context: CycleContext, book: DayBook, today: string): Promise<void> {
  await awaitTerminal(context, book, openLegs(book));
  const working = openLegs(book);
  if (working.length === 0) return;
  for (const order of working) {
    const orderId = book.latestAnswer(order.clientOrderId)?.orderId;
    if (orderId) await context.broker.cancelOrder(orderId);
  }
  const ids = working.map((order) => order.clientOrderId).join(', ');
  await book.addReasons([`canceled on ${today} before planning: ${ids} still open after the fill timeout`]);
  context.emit({ type: 'warning', message: `canceled orders of ${book.day} still open on ${today}: ${ids}` });
  await awaitTerminal(
    context,
    book,
    working,
    Math.max(context.settings.lookupGraceMs, context.settings.pollIntervalMs),
  );
}

function openLegs(book: DayBook) {
  return book
    .record()
    .plannedOrders.filter((order) => legState(book.latestAnswer(order.clientOrderId)) === 'open');
}

const UNKNOWN_ORDER_MARK = 'that no local record knows';

/** True for a reconciliation note about an order of ours that no local record knows (the live gate counts them). */
export function isUnknownOrderNote(note: string): boolean {
  return note.includes(UNKNOWN_ORDER_MARK);
}

/**
 * Flag orders at the broker that carry our client-order-id prefix but that no day record knows: a sign of
 * lost state (restored from an old backup, a second installation on the same account). Never acted on
 * automatically — reported so a person can look.
 */
export async function findUnknownOwnOrders(context: CycleContext): Promise<string[]> {
  // Known: every order of a day record (an open intent is only here) and of every recorded cycle (earlier
  // attempts of a day that traded again are only in the history).
  const payload = (await context.store.load())?.payload;
  const fromState = Object.values(payload?.days ?? {}).flatMap((record) => record.plannedOrders);
  const fromHistory = (await context.history.readAll()).records.flatMap((record) => record.entry.orders);
  const known = new Set([...fromState, ...fromHistory].map((order) => order.clientOrderId));
  const recent = await context.broker.listOrders({ status: 'all', limit: 200 });
  const unknown = recent.filter(
    (order) =>
      isOwnClientOrderId(context.settings.clientOrderIdPrefix, order.clientOrderId) &&
      !known.has(order.clientOrderId),
  );
  const notes = unknown.map(
    (order) =>
      `the broker has order ${order.clientOrderId} (${order.side} ${order.symbol}, ${order.status}) ${UNKNOWN_ORDER_MARK}; check the state and its backups`,
  );
  for (const message of notes) context.emit({ type: 'warning', message });
  return notes;
}
