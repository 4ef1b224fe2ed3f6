import type { MarketClock, Order } from '@dalio-lite/core';
import type { CycleContext } from './cycle-context.ts';
import type { CycleDecision } from './cycle-decision.ts';
import type { DayBook } from './day-book.ts';
import { answerFromOrder } from './leg-state.ts';

type TradeDecision = Extract<CycleDecision, { kind: 'trade' }>;

/**
 * Deliberately broken variants of the engine, one per defect the reliability suite must catch (its mutation
 * check swaps each in and expects a failing, replayable seed). Only `createRebalanceEngine`'s `deliberateBug`
 * option selects one; no config setting or flag reaches it, and products never pass it.
 * - `client-order-id-with-time`: client order ids carry the time of planning, so a re-plan gets new ids;
 * - `submit-before-intent`: the planned orders go out before the intent is durable;
 * - `resend-without-lookup`: an ambiguous or interrupted send is repeated without looking the order up first;
 * - `local-clock-trading-day`: the trading day comes from the local clock instead of the broker's.
 */
export const DELIBERATE_BUGS = [
  'client-order-id-with-time',
  'submit-before-intent',
  'resend-without-lookup',
  'local-clock-trading-day',
] as const;

/** One deliberately broken engine variant (see `DELIBERATE_BUGS`). */
export type DeliberateBug = (typeof DELIBERATE_BUGS)[number];

/** The broker's clock as the cycle uses it: under `local-clock-trading-day`, stamped with the local time. */
export function clockAsUsed(bug: DeliberateBug | null, clock: MarketClock, now: () => Date): MarketClock {
  return bug === 'local-clock-trading-day' ? { ...clock, timestamp: now().toISOString() } : clock;
}

/** A trade as the cycle carries it out, and what it records once the intent is written. */
export interface CarriedTrade {
  decision: TradeDecision;
  afterIntent(book: DayBook): Promise<void>;
}

/**
 * A trade decision as the cycle carries it out: under `client-order-id-with-time` its ids carry the planning
 * time (`dl-20250303T150000-a0-VTI-sell`); under `submit-before-intent` its orders are sent before the intent
 * is written and their answers recorded after it.
 */
export async function tradeAsCarriedOut(
  context: CycleContext,
  decision: TradeDecision,
): Promise<CarriedTrade> {
  const nothing = async () => {};
  if (context.deliberateBug === 'client-order-id-with-time') {
    const time = context.now().toISOString().slice(11, 19).replaceAll(':', '');
    const orders = decision.orders.map((order) => ({
      ...order,
      clientOrderId: order.clientOrderId.replace(/^([^-]+-\d{8})-/, `$1T${time}-`),
    }));
    return { decision: { ...decision, orders }, afterIntent: nothing };
  }
  if (context.deliberateBug !== 'submit-before-intent') return { decision, afterIntent: nothing };
  const sent: Order[] = [];
  for (const order of decision.orders) {
    const { clientOrderId, symbol, side, amount } = order;
    const result = await context.broker.submitOrder({ clientOrderId, symbol, side, amount });
    if (result.kind === 'accepted') sent.push(result.order);
  }
  return {
    decision,
    async afterIntent(book) {
      for (const order of sent) await book.recordAnswer(answerFromOrder(order, context.now().toISOString()));
    },
  };
}

/** False under `resend-without-lookup`: the send is repeated without looking the order up first. */
export function looksUpBeforeResend(context: CycleContext): boolean {
  return context.deliberateBug !== 'resend-without-lookup';
}
