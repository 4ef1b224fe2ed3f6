import { isOwnClientOrderId } from './client-order-id.ts';
import type { CycleContext } from './cycle-context.ts';
import {
  allLegsSettled,
  answerFromOrder,
  closingStatus,
  errorAnswer,
  legState,
  openDayBook,
} from './day-book.ts';

/**
 * Finish the record of every earlier day left open (a crash, a broker outage, orders still open at the
 * deadline). The broker is the source of truth: each planned order is looked up by its client order id
 * and its final state adopted; an order of a past day that the broker does not show was never placed.
 * Today's open intent is left to the cycle itself, which continues it.
 */
export async function reconcileOpenDays(context: CycleContext, today: string): Promise<string[]> {
  const payload = (await context.store.load())?.payload;
  if (!payload) return [];
  const notes: string[] = [];
  const open = Object.values(payload.days).filter(
    (record) => record.status === 'intent' && record.day < today,
  );
  for (const record of open.sort((a, b) => a.day.localeCompare(b.day))) {
    const book = openDayBook(context.store, record, context.now);
    for (const order of record.plannedOrders) {
      const state = legState(book.latestAnswer(order.clientOrderId));
      if (state !== 'unsent' && state !== 'sending' && state !== 'unknown' && state !== 'open') continue;
      const found = await context.broker.getOrderByClientOrderId(order.clientOrderId);
      const at = context.now().toISOString();
      if (found) await book.recordAnswer(answerFromOrder(found, at));
      else
        await book.recordAnswer(
          errorAnswer(
            order.clientOrderId,
            at,
            'not-placed',
            `the broker has no order ${order.clientOrderId}`,
            false,
          ),
        );
    }
    if (!allLegsSettled(book)) {
      notes.push(`${record.day}: orders still open at the broker; left open for the next run`);
      continue;
    }
    const { status, reasons } = closingStatus(book);
    await book.close(status, [`reconciled on ${today}`, ...reasons], context.now().toISOString());
    const note = `${record.day}: an interrupted rebalance was reconciled with the broker and closed as ${status}`;
    notes.push(note);
    context.emit({ type: 'reconciled', day: record.day, notes: [note, ...reasons] });
  }
  return notes;
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
      `the broker has order ${order.clientOrderId} (${order.side} ${order.symbol}, ${order.status}) that no local record knows; check the state and its backups`,
  );
  for (const message of notes) context.emit({ type: 'warning', message });
  return notes;
}
