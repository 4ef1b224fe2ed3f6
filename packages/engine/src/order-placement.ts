import type { SubmitOrderResult } from '@dalio-lite/broker';
import type { Order } from '@dalio-lite/core';
import type { BrokerAnswer, PersistedPlannedOrder } from '@dalio-lite/state';
import { type CycleContext, type CycleStop, checkMaySubmit } from './cycle-context.ts';
import type { DayBook } from './day-book.ts';
import { looksUpBeforeResend } from './deliberate-bugs.ts';
import { answerFromOrder, errorAnswer, legState, sendingMarker } from './leg-state.ts';
import { capSellToFreeShares } from './sell-cap.ts';

/**
 * Make sure one planned order exists at the broker exactly once. A durable "sending" marker precedes every
 * send, so after a crash a leg without it goes out at once, and a leg with it (or with an ambiguous answer)
 * is looked up by client order id through the visibility grace first. An ambiguous send is never retried
 * blindly: only a resend with the same id follows, which the broker refuses as a duplicate if the first one
 * landed — and whatever the resend is told, the first send may have landed, so a refusal of the resend is
 * looked up too before it counts. Returns why it stopped before sending, or null.
 */
export async function ensurePlaced(
  context: CycleContext,
  book: DayBook,
  leg: PersistedPlannedOrder,
): Promise<CycleStop | null> {
  let planned = leg;
  const state = legState(book.latestAnswer(planned.clientOrderId));
  if (state !== 'unsent' && state !== 'sending' && state !== 'unknown') return null;
  const lookUp = looksUpBeforeResend(context);
  if (state !== 'unsent' && lookUp && (await adoptIfFound(context, book, planned.clientOrderId))) return null;
  if (state === 'unsent' && planned.side === 'sell') {
    const capped = await capSellToFreeShares(context, book, planned);
    if (capped === null) return null;
    planned = capped;
  }
  for (let sends = 0; sends < 2; sends++) {
    const stop = await checkMaySubmit(context, book.day);
    if (stop) return stop;
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
      return null;
    }
    const ambiguousBefore = sends > 0;
    if (result.kind === 'rejected' && !ambiguousBefore) {
      await record(context, book, rejection(planned.clientOrderId, at, result));
      return null;
    }
    // Accepted earlier, ambiguous, or refused after an ambiguous send: the broker may hold the order.
    const ambiguity = describeAmbiguity(result);
    context.emit({ type: 'order-ambiguous', clientOrderId: planned.clientOrderId, reason: ambiguity });
    const adopt = lookUp || result.kind === 'already-exists';
    if (adopt && (await adoptIfFound(context, book, planned.clientOrderId))) return null;
    if (result.kind === 'rejected') {
      await record(context, book, rejection(planned.clientOrderId, context.now().toISOString(), result));
      return null;
    }
    await record(
      context,
      book,
      errorAnswer(planned.clientOrderId, context.now().toISOString(), 'unknown', ambiguity, false),
    );
  }
  return null;
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

/**
 * Poll the open orders among `orders` until each is terminal or `timeoutMs` passes (the fill timeout by
 * default); a stop request ends the wait early, the next run picks the orders up.
 */
export async function awaitTerminal(
  context: CycleContext,
  book: DayBook,
  orders: readonly PersistedPlannedOrder[],
  timeoutMs = context.settings.fillTimeoutMs,
): Promise<void> {
  const { pollIntervalMs } = context.settings;
  const polls = Math.max(1, Math.ceil(timeoutMs / pollIntervalMs));
  for (let poll = 0; poll <= polls; poll++) {
    const open = orders.filter((order) => legState(book.latestAnswer(order.clientOrderId)) === 'open');
    if (open.length === 0 || context.signal?.aborted) return;
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

/** Persist an answer when it says something new, report it, and pass the crash point. */
export async function record(context: CycleContext, book: DayBook, answer: BrokerAnswer): Promise<void> {
  if (await book.recordAnswer(answer)) {
    context.emit({ type: 'order-answer', answer });
    await context.crash('after-answer-recorded');
  }
}

async function adoptIfFound(context: CycleContext, book: DayBook, clientOrderId: string): Promise<boolean> {
  const found = await lookUpWithGrace(context, clientOrderId);
  if (!found) return false;
  await record(context, book, answerFromOrder(found, context.now().toISOString()));
  return true;
}

function rejection(
  clientOrderId: string,
  at: string,
  result: Extract<SubmitOrderResult, { kind: 'rejected' }>,
): BrokerAnswer {
  return errorAnswer(clientOrderId, at, String(result.code ?? result.status), result.message, true);
}

function describeAmbiguity(result: Exclude<SubmitOrderResult, { kind: 'accepted' }>): string {
  if (result.kind === 'unknown') return result.reason;
  if (result.kind === 'already-exists') return 'the broker already has an order with this client order id';
  return `the resend after an unclear answer was refused (${result.status}: ${result.message}), so the first send may have landed`;
}
