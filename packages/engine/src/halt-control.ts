import type { Broker, CancelOutcome, CloseOutcome } from '@dalio-lite/broker';
import type { StateStore } from '@dalio-lite/state';

/** What `halt` did. */
export interface HaltOutcome {
  since: string;
  reason: string;
  canceled: CancelOutcome[];
  closed: CloseOutcome[];
  /** Orders still not final when halt stopped waiting (a cancel the broker had not carried out yet). */
  stillOpen: string[];
  /** Symbols still held after liquidating: their close was refused even once their orders were gone. */
  unclosed: string[];
}

/** Options of `haltTrading`. */
export interface HaltOptions {
  reason: string;
  cancelOrders: boolean;
  liquidate: boolean;
  now: Date;
  /** Waits between looks at the broker while cancels land (default: real time). */
  sleep?: (ms: number) => Promise<void>;
  /** How long to wait for cancels to land and positions to close (default 30 s, looking every second). */
  settleMs?: number;
}

const LOOK_EVERY_MS = 1_000;

/**
 * The emergency stop. The halt flag is persisted first (every cycle checks it before each order), then open
 * orders are canceled and, if asked, every position is sold. Needs no rebalance lock, so it works while a
 * cycle is running. A cancel is only a request at Alpaca — the order passes through `pending_cancel`, may
 * still fill, and its shares stay held a moment — so halt waits until the canceled orders are final before it
 * closes positions, closes again what was refused for held shares, and afterwards cancels any order that raced
 * in (a cycle that passed its halt check just before the flag landed).
 */
export async function haltTrading(
  store: StateStore,
  broker: Broker | null,
  options: HaltOptions,
): Promise<HaltOutcome> {
  const since = options.now.toISOString();
  const written = await store.update((payload) => ({
    ...payload,
    halt: payload.halt ?? { since, reason: options.reason },
  }));
  const halt = written.payload.halt ?? { since, reason: options.reason };
  const outcome: HaltOutcome = {
    since: halt.since,
    reason: halt.reason,
    canceled: [],
    closed: [],
    stillOpen: [],
    unclosed: [],
  };
  if (!options.cancelOrders && !options.liquidate) return outcome;
  if (!broker) throw new Error('canceling or liquidating needs a broker');
  const settle = createSettler(broker, options);
  const canceled = await broker.cancelAllOrders();
  await settle.ordersFinal(canceled.map((item) => item.orderId));
  if (!options.liquidate) {
    return { ...outcome, canceled, stillOpen: await settle.openAmong(canceled.map((item) => item.orderId)) };
  }
  let closed = await broker.closeAllPositions({ cancelOrders: false });
  const refused = closed.filter((item) => item.status >= 400).map((item) => item.symbol);
  if (refused.length > 0) {
    // Shares held a moment longer by a cancel that just landed: wait, then close what is still there.
    await settle.wait();
    const retried = await broker.closeAllPositions({ cancelOrders: false });
    closed = [
      ...closed.filter((item) => item.status < 400),
      ...retried.filter((item) => refused.includes(item.symbol)),
    ];
  }
  const liquidating = new Set(closed.flatMap((item) => (item.order ? [item.order.id] : [])));
  const raced = (await broker.listOrders({ status: 'open', limit: 500 })).filter(
    (order) => !liquidating.has(order.id),
  );
  const canceledRaced = await Promise.all(raced.map((order) => broker.cancelOrder(order.id)));
  const allCanceled = [...canceled, ...canceledRaced];
  await settle.ordersFinal(canceledRaced.map((item) => item.orderId));
  return {
    ...outcome,
    canceled: allCanceled,
    closed,
    stillOpen: await settle.openAmong(allCanceled.map((item) => item.orderId)),
    unclosed: closed.filter((item) => item.status >= 400).map((item) => item.symbol),
  };
}

/** Looks at the broker until canceled orders are final, within the halt's time budget. */
function createSettler(broker: Broker, options: HaltOptions) {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const looks = Math.max(1, Math.ceil((options.settleMs ?? 30_000) / LOOK_EVERY_MS));
  const openAmong = async (ids: readonly string[]): Promise<string[]> => {
    if (ids.length === 0) return [];
    const open = new Set((await broker.listOrders({ status: 'open', limit: 500 })).map((order) => order.id));
    return ids.filter((id) => open.has(id));
  };
  return {
    openAmong,
    wait: () => sleep(LOOK_EVERY_MS),
    async ordersFinal(ids: readonly string[]): Promise<void> {
      for (let look = 0; look < looks && (await openAmong(ids)).length > 0; look++)
        await sleep(LOOK_EVERY_MS);
    },
  };
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
