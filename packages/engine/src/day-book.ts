import {
  type BrokerAnswer,
  canonicalJson,
  type DayRecord,
  type DayStatus,
  type PersistedPlannedOrder,
  type StatePayload,
  type StateStore,
} from '@dalio-lite/state';
import { latestAnswerIn } from './leg-state.ts';

/**
 * Another process changed a day's record since this one last read it: it took the cycle over (this process was
 * paused past the lock's stale time). Nothing was written; this process must stop.
 */
export class StaleRecordError extends Error {
  override readonly name = 'StaleRecordError';
  readonly day: string;

  constructor(day: string) {
    super(
      `another process took over the rebalance of ${day} while this one was paused past the lock's stale time; this process stops and changes nothing`,
    );
    this.day = day;
  }
}

/** How a day book fences its writes: the clock for timestamps, and a check that the rebalance lock is ours. */
export interface DayBookFence {
  now: () => Date;
  /** Throws when the rebalance lock is no longer held. */
  assertLocked: () => void;
}

/**
 * Write a new record for `day`, but only over the record the cycle decided on (`expected`: undefined for a
 * day without one, the earlier attempt's record for --force --again): a compare-and-set under the lock.
 */
export async function writeDayRecord(
  store: StateStore,
  expected: DayRecord | undefined,
  record: DayRecord,
  fence: DayBookFence,
): Promise<DayBook> {
  fence.assertLocked();
  await store.update((payload) => {
    if (!sameRecord(payload.days[record.day], expected)) throw new StaleRecordError(record.day);
    return { ...payload, days: { ...payload.days, [record.day]: record } };
  });
  return openDayBook(store, record, fence);
}

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

/**
 * Open the book of a day that already has a record in the store's payload. Every write first checks that the
 * lock is still held and that the record on disk is the one this book last read or wrote (compare and set):
 * a process that was paused while another took over stops with `StaleRecordError` and changes nothing.
 */
export function openDayBook(store: StateStore, initial: DayRecord, fence: DayBookFence): DayBook {
  const { now } = fence;
  let current = initial;
  const persist = async (
    change: (record: DayRecord) => DayRecord,
    alsoChange?: (payload: StatePayload) => StatePayload,
  ) => {
    fence.assertLocked();
    const written = await store.update((payload) => {
      const onDisk = payload.days[current.day];
      if (!onDisk || !sameRecord(onDisk, current)) throw new StaleRecordError(current.day);
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
    latestAnswer: (clientOrderId) => latestAnswerIn(current, clientOrderId),
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
        // The last rebalance never moves back: an older day reconciled late is not the latest rebalance.
        status === 'committed'
          ? (payload) =>
              payload.lastRebalance && payload.lastRebalance.day > current.day
                ? payload
                : { ...payload, lastRebalance: { day: current.day, at } }
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

function sameRecord(a: DayRecord | undefined, b: DayRecord | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalJson(a) === canonicalJson(b);
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
