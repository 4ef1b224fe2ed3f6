import type { Broker } from '@dalio-lite/broker';
import { newYorkDate, type RebalanceEvaluation } from '@dalio-lite/core';
import { initialStatePayload, type StatePayload, type StateStore } from '@dalio-lite/state';
import { type CycleDecision, type CycleInput, decideCycle, evaluatePolicy } from './cycle-decision.ts';
import type { EngineSettings } from './engine-settings.ts';
import { allLegsSettled, closingStatus } from './leg-state.ts';
import { type MarketSnapshot, readMarketSnapshot } from './market-snapshot.ts';
import { lookUpUnsettledLegs } from './reconcile.ts';

/** A dry run: what a cycle would decide right now, from the same reads and the same decision function. */
export interface CyclePreview {
  day: string;
  decision: CycleDecision;
  /** The drift and the plan the policy makes on this snapshot (the decision's own when it consulted the policy). */
  evaluation: RebalanceEvaluation;
  snapshot: MarketSnapshot;
  /** What a real run would do before deciding (closing earlier days), and what it would find. */
  notes: string[];
}

/**
 * Preview a cycle with no lock taken and nothing written or sent: the state as a real run would see it after
 * reconciling earlier days (looked up at the broker, read-only), the same snapshot, and `decideCycle`.
 */
export async function previewCycle(
  broker: Broker,
  store: StateStore,
  settings: EngineSettings,
  options: { force?: boolean; again?: boolean } = {},
): Promise<CyclePreview> {
  const stored = (await store.load())?.payload ?? initialStatePayload();
  const clock = await broker.getClock();
  const day = newYorkDate(clock.timestamp);
  const { payload, notes } = await previewReconcile(broker, stored, day, clock.timestamp);
  const snapshot = await readMarketSnapshot(broker, settings, clock);
  const input: CycleInput = {
    payload,
    venue: broker.venue,
    clock,
    snapshot,
    settings,
    force: options.force ?? false,
    again: options.again ?? false,
    openEarlierOrders: [],
  };
  const decision = decideCycle(input);
  const evaluation =
    decision.kind === 'trade'
      ? decision.evaluation
      : ((decision.kind === 'hold' ? decision.evaluation : null) ?? evaluatePolicy(input));
  return { day, decision, evaluation, snapshot, notes: [...notes, ...snapshot.notes] };
}

/** The payload as reconciling the earlier open days would leave it, without writing. */
async function previewReconcile(
  broker: Broker,
  stored: StatePayload,
  today: string,
  at: string,
): Promise<{ payload: StatePayload; notes: string[] }> {
  let payload = stored;
  const notes: string[] = [];
  const open = Object.values(stored.days).filter(
    (record) => record.status === 'intent' && record.day < today,
  );
  for (const record of open.sort((a, b) => a.day.localeCompare(b.day))) {
    const answers = await lookUpUnsettledLegs(broker, record, () => at);
    const seen = { ...record, brokerAnswers: [...record.brokerAnswers, ...answers] };
    if (!allLegsSettled(seen)) {
      notes.push(
        `A real run first waits for the orders of ${record.day} still open at the broker (up to the fill timeout) and cancels what is still working`,
      );
      continue;
    }
    const { status } = closingStatus(seen);
    notes.push(`A real run first closes the interrupted rebalance of ${record.day} as ${status}`);
    const moves =
      status === 'committed' && !(payload.lastRebalance && payload.lastRebalance.day > record.day);
    payload = {
      ...payload,
      days: { ...payload.days, [record.day]: { ...seen, status } },
      lastRebalance: moves ? { day: record.day, at } : payload.lastRebalance,
    };
  }
  return { payload, notes };
}
