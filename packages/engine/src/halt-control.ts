import type { Broker, CancelOutcome, CloseOutcome } from '@dalio-lite/broker';
import type { StateStore } from '@dalio-lite/state';

/** What `halt` did. */
export interface HaltOutcome {
  since: string;
  reason: string;
  canceled: CancelOutcome[];
  closed: CloseOutcome[];
}

/**
 * The emergency stop. The halt flag is persisted first (every cycle checks it before each order), then open
 * orders are canceled and, if asked, every position is sold. Needs no rebalance lock, so it works while a
 * cycle is running — which is why, after liquidating, it looks again: an order a cycle sent between its halt
 * check and its POST may have landed meanwhile, and is canceled too (the liquidation's own orders are kept).
 */
export async function haltTrading(
  store: StateStore,
  broker: Broker | null,
  options: { reason: string; cancelOrders: boolean; liquidate: boolean; now: Date },
): Promise<HaltOutcome> {
  const since = options.now.toISOString();
  const written = await store.update((payload) => ({
    ...payload,
    halt: payload.halt ?? { since, reason: options.reason },
  }));
  const halt = written.payload.halt ?? { since, reason: options.reason };
  let canceled: CancelOutcome[] = [];
  let closed: CloseOutcome[] = [];
  if ((options.cancelOrders || options.liquidate) && !broker)
    throw new Error('canceling or liquidating needs a broker');
  if (broker && options.liquidate) {
    closed = await broker.closeAllPositions();
    const liquidating = new Set(closed.flatMap((outcome) => (outcome.order ? [outcome.order.id] : [])));
    const raced = (await broker.listOrders({ status: 'open', limit: 500 })).filter(
      (order) => !liquidating.has(order.id),
    );
    canceled = await Promise.all(raced.map((order) => broker.cancelOrder(order.id)));
  } else if (broker && options.cancelOrders) canceled = await broker.cancelAllOrders();
  return { since: halt.since, reason: halt.reason, canceled, closed };
}

/** What `resume` cleared. */
export interface ResumeOutcome {
  cleared: string[];
}

/**
 * Clear the halt switch and every tripped breaker. The high-water mark restarts from the next cycle's
 * equity: resuming accepts today's level as the new baseline instead of re-tripping the drawdown pause.
 */
export async function resumeTrading(store: StateStore): Promise<ResumeOutcome> {
  const cleared: string[] = [];
  await store.update((payload) => {
    if (payload.halt) cleared.push(`halt (${payload.halt.reason})`);
    if (payload.breakers.dailyLoss) cleared.push(`daily-loss breaker (${payload.breakers.dailyLoss.reason})`);
    if (payload.breakers.drawdown) cleared.push(`drawdown pause (${payload.breakers.drawdown.reason})`);
    return {
      ...payload,
      halt: null,
      breakers: { dailyLoss: null, drawdown: null },
      highWaterMarkUsd: payload.breakers.drawdown ? null : payload.highWaterMarkUsd,
    };
  });
  return { cleared };
}
