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
