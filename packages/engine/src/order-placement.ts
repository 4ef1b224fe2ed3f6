import type { Order } from '@dalio-lite/core';
import type { PersistedPlannedOrder } from '@dalio-lite/state';
import { assertMaySubmit, type CycleContext } from './cycle-context.ts';
import { answerFromOrder, type DayBook, errorAnswer, legState, sendingMarker } from './day-book.ts';

/**
 * Make sure one planned order exists at the broker exactly once. A durable "sending" marker precedes every
 * send, so after a crash a leg without it goes out at once, and a leg with it (or with an ambiguous answer)
 * is looked up by client order id through the visibility grace first. An ambiguous send is never retried
 * blindly: only a resend with the same id follows, which the broker refuses as a duplicate if the first
 * one landed.
 */
export async function ensurePlaced(
  context: CycleContext,
  book: DayBook,
  planned: PersistedPlannedOrder,
): Promise<void> {
  const state = legState(book.latestAnswer(planned.clientOrderId));
  if (state !== 'unsent' && state !== 'sending' && state !== 'unknown') return;
  if (state !== 'unsent') {
    const found = await lookUpWithGrace(context, planned.clientOrderId);
    if (found) {
      await record(context, book, answerFromOrder(found, context.now().toISOString()));
      return;
    }
  }
  for (let sends = 0; sends < 2; sends++) {
    await assertMaySubmit(context);
    await book.recordAnswer(sendingMarker(planned.clientOrderId, context.now().toISOString()));
    await context.crash(`before-submit-${planned.side}`);
    const result = await context.broker.submitOrder({
      clientOrderId: planned.clientOrderId,
      symbol: planned.symbol,
      side: planned.side,
      amount: planned.amount,
    });
    await context.crash(`after-submit-${planned.side}`);
    const at = context.now().toISOString();
    if (result.kind === 'accepted') {
      await record(context, book, answerFromOrder(result.order, at));
      return;
    }
    if (result.kind === 'rejected') {
      await record(
        context,
        book,
        errorAnswer(planned.clientOrderId, at, String(result.code ?? result.status), result.message, true),
      );
      return;
    }
    // Accepted earlier or ambiguous: the broker may hold the order; find it before anything else.
    const ambiguity =
      result.kind === 'unknown' ? result.reason : 'the broker already has an order with this client order id';
    context.emit({ type: 'order-ambiguous', clientOrderId: planned.clientOrderId, reason: ambiguity });
    const found = await lookUpWithGrace(context, planned.clientOrderId);
    if (found) {
      await record(context, book, answerFromOrder(found, context.now().toISOString()));
      return;
    }
    const reason =
      result.kind === 'unknown'
        ? result.reason
        : 'the broker reports the id as used but does not show the order';
    await record(
      context,
      book,
      errorAnswer(planned.clientOrderId, context.now().toISOString(), 'unknown', reason, false),
    );
  }
}

/** Look an order up by client order id, polling through the grace period; a miss is not proof of absence. */
export async function lookUpWithGrace(context: CycleContext, clientOrderId: string): Promise<Order | null> {
  const { pollIntervalMs, lookupGraceMs } = context.settings;
  const attempts = Math.max(1, Math.ceil(lookupGraceMs / pollIntervalMs) + 1);
  let lastError: unknown = null;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await context.sleep(pollIntervalMs);
    try {
      const order = await context.broker.getOrderByClientOrderId(clientOrderId);
      if (order) return order;
      lastError = null;
    } catch (error) {
      lastError = error;
    }
  }
  if (lastError) throw lastError;
  return null;
}

/** Poll the open orders among `orders` until each is terminal or the fill deadline passes. */
export async function awaitTerminal(
  context: CycleContext,
  book: DayBook,
  orders: readonly PersistedPlannedOrder[],
): Promise<void> {
  const { pollIntervalMs, fillTimeoutMs } = context.settings;
  const polls = Math.max(1, Math.ceil(fillTimeoutMs / pollIntervalMs));
  for (let poll = 0; poll <= polls; poll++) {
    const open = orders.filter((order) => legState(book.latestAnswer(order.clientOrderId)) === 'open');
    if (open.length === 0) return;
    if (poll > 0) await context.sleep(pollIntervalMs);
    for (const order of open) {
      const answer = book.latestAnswer(order.clientOrderId);
      const fresh = answer?.orderId
        ? await context.broker.getOrder(answer.orderId)
        : await context.broker.getOrderByClientOrderId(order.clientOrderId);
      if (fresh) await record(context, book, answerFromOrder(fresh, context.now().toISOString()));
    }
  }
}

async function record(
  context: CycleContext,
  book: DayBook,
  answer: Parameters<DayBook['recordAnswer']>[0],
): Promise<void> {
  if (await book.recordAnswer(answer)) {
    context.emit({ type: 'order-answer', answer });
    await context.crash('after-answer-recorded');
  }
}
