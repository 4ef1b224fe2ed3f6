import type { Broker } from '@dalio-lite/broker';
import type { Order } from '@dalio-lite/core';
import type { DayRecord, PersistedPlannedOrder, RebalanceHistory, StateStore } from '@dalio-lite/state';
import { parseClientOrderId } from './client-order-id.ts';
import { answerFromOrder } from './leg-state.ts';

/** What adopting needs: the broker to ask, the restored state and history, our prefix, the clock. */
export interface AdoptOrdersInput {
  broker: Pick<Broker, 'listOrders'>;
  store: Pick<StateStore, 'load' | 'update'>;
  history: Pick<RebalanceHistory, 'readAll'>;
  clientOrderIdPrefix: string;
  now: () => Date;
}

/**
 * After a restore from a backup: the broker's orders of ours that neither the state nor the history knows were
 * placed after the backup was taken. Each is written back into its day's record as an open intent leg, with the
 * broker's answer, so the normal cycle reconciles it by client order id (closing the day, or finishing today's)
 * instead of planning those legs again. Returns one note per adopted day. Run with the rebalance lock held.
 */
export async function adoptUnknownOrders(input: AdoptOrdersInput): Promise<string[]> {
  const state = await input.store.load();
  if (!state) return [];
  const known = new Set([
    ...Object.values(state.payload.days).flatMap((record) =>
      record.plannedOrders.map((order) => order.clientOrderId),
    ),
    ...(await input.history.readAll()).records.flatMap((record) =>
      record.entry.orders.map((order) => order.clientOrderId),
    ),
  ]);
  const byDay = new Map<string, { attempt: number; orders: Order[] }>();
  for (const order of await input.broker.listOrders({ status: 'all', limit: 500 })) {
    const parsed = parseClientOrderId(input.clientOrderIdPrefix, order.clientOrderId);
    if (!parsed || known.has(order.clientOrderId)) continue;
    const entry = byDay.get(parsed.day) ?? { attempt: parsed.attempt, orders: [] };
    entry.attempt = Math.max(entry.attempt, parsed.attempt);
    entry.orders.push(order);
    byDay.set(parsed.day, entry);
  }
  if (byDay.size === 0) return [];
  const at = input.now().toISOString();
  const notes: string[] = [];
  await input.store.update((payload) => {
    const days = { ...payload.days };
    for (const [day, { attempt, orders }] of byDay) {
      days[day] = adoptedRecord(days[day], day, attempt, orders, at);
    }
    return { ...payload, days };
  });
  for (const [day, { orders }] of [...byDay].sort(([a], [b]) => a.localeCompare(b))) {
    const ids = orders.map((order) => order.clientOrderId).join(', ');
    notes.push(
      `${day}: adopted ${orders.length} orders placed after the backup from the broker by client order id (${ids})`,
    );
  }
  return notes;
}

/**
 * The day's record with the adopted legs, open for reconciliation: a new intent, the restored record reopened
 * with the legs added, or — when the broker shows a later attempt — that attempt (the earlier one is in the history).
 */
function adoptedRecord(
  existing: DayRecord | undefined,
  day: string,
  attempt: number,
  orders: readonly Order[],
  at: string,
): DayRecord {
  const planned = orders.map(plannedFrom);
  const answers = orders.map((order) => answerFromOrder(order, at));
  const reason = `adopted ${orders.length} orders from the broker after a restore: they were placed after the backup`;
  if (existing && existing.attempt >= attempt) {
    return {
      ...existing,
      status: 'intent',
      plannedOrders: [...existing.plannedOrders, ...planned],
      brokerAnswers: [...existing.brokerAnswers, ...answers],
      reasons: [...existing.reasons, reason],
      updatedAt: at,
      finishedAt: null,
    };
  }
  const startedAt = orders.map((order) => order.createdAt).sort()[0] ?? at;
  return {
    day,
    status: 'intent',
    attempt,
    plannedOrders: planned,
    brokerAnswers: answers,
    reasons: [reason],
    reserveUsd: null,
    cashAtIntentUsd: null,
    startedAt,
    updatedAt: at,
    finishedAt: null,
  };
}

function plannedFrom(order: Order): PersistedPlannedOrder {
  const estimatedValueUsd =
    order.amount.kind === 'notional'
      ? Number(order.amount.usd)
      : Number(order.amount.shares) * (order.filledAvgPriceUsd ?? 0);
  return {
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    amount: order.amount,
    estimatedValueUsd,
  };
}
