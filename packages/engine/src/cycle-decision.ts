import {
  type BreakerOutcome,
  type BrokerVenue,
  checkBreakers,
  checkOrderRisk,
  evaluateRebalance,
  type MarketClock,
  newYorkDate,
  type PolicyDecision,
  type RebalanceEvaluation,
} from '@dalio-lite/core';
import type { DayRecord, PersistedPlannedOrder, StatePayload } from '@dalio-lite/state';
import { clientOrderId } from './client-order-id.ts';
import {
  checkAccountBinding,
  checkAccountStatus,
  checkHalt,
  checkMarketClock,
  type GuardCode,
} from './cycle-guards.ts';
import type { EngineSettings } from './engine-settings.ts';
import { latestAnswerIn, legState } from './leg-state.ts';
import type { MarketSnapshot } from './market-snapshot.ts';

/** Everything one cycle decides from: what was read, the settings, and what the caller asked for. */
export interface CycleInput {
  payload: StatePayload;
  venue: BrokerVenue;
  clock: MarketClock;
  snapshot: MarketSnapshot;
  settings: EngineSettings;
  force: boolean;
  again: boolean;
  /** Our own orders of earlier days still open at the broker after reconciliation, described. */
  openEarlierOrders: readonly string[];
}

/** Why a cycle refuses to trade. */
export type RefuseCode = GuardCode | 'orders-open' | 'snapshot-refused' | 'breaker' | 'risk-limit';

/** Why a cycle holds. */
export type HoldCode = 'already-rebalanced' | 'within-policy';

/**
 * What a cycle does, decided from what it read: refuse (a guard stops it), hold (nothing to do), continue
 * today's open intent (send its remaining legs), or trade a new plan. Every variant says why, and carries
 * the breaker check to persist (null when the cycle stopped before the breakers were looked at).
 */
export type CycleDecision = { day: string; reason: string; breakers: BreakerOutcome | null } & (
  | { kind: 'refuse'; code: RefuseCode }
  | { kind: 'hold'; code: HoldCode; evaluation: RebalanceEvaluation | null }
  | { kind: 'continue-intent'; record: DayRecord }
  | {
      kind: 'trade';
      attempt: number;
      evaluation: Extract<RebalanceEvaluation, { kind: 'trade' }>;
      orders: PersistedPlannedOrder[];
      /** The account's cash the plan was made from. */
      cashUsd: number;
    }
);

/**
 * The one decision path of a cycle, shared by the real run and the dry run so a preview can never disagree
 * with a run. Pure: the caller reads state, clock and snapshot, then carries the decision out.
 */
export function decideCycle(input: CycleInput): CycleDecision {
  const { payload, clock, snapshot, settings } = input;
  const day = newYorkDate(clock.timestamp);
  const refuse = (
    code: RefuseCode,
    reason: string,
    breakers: BreakerOutcome | null = null,
  ): CycleDecision => ({
    kind: 'refuse',
    code,
    day,
    reason,
    breakers,
  });
  for (const guard of [
    checkAccountBinding(payload.account, input.venue, snapshot.account.id),
    checkHalt(payload),
  ]) {
    if (guard.refuse) return refuse(guard.code, guard.reason);
  }
  if (input.openEarlierOrders.length > 0) {
    return refuse(
      'orders-open',
      `Orders of an earlier day are still open at the broker (${input.openEarlierOrders.join('; ')}); no new plan until they are final`,
    );
  }
  const today = payload.days[day];
  const continuing = today?.status === 'intent' ? today : null;
  if (today && !continuing && !(input.force && input.again)) {
    return {
      kind: 'hold',
      code: 'already-rebalanced',
      day,
      reason: `Already rebalanced on ${day} (status ${today.status}); at most one rebalance per trading day (use --force --again to override)`,
      evaluation: null,
      breakers: null,
    };
  }
  for (const guard of [
    checkMarketClock(clock, settings.closeBufferMinutes),
    snapshot.refusal === null
      ? ({ refuse: false } as const)
      : ({
          refuse: true,
          code: 'snapshot-refused',
          reason: `Refusing to trade: ${snapshot.refusal}`,
        } as const),
    checkAccountStatus(snapshot.account),
  ]) {
    if (guard.refuse) return refuse(guard.code, guard.reason);
  }
  const breakers = checkBreakers(
    {
      equityUsd: snapshot.account.equityUsd,
      lastEquityUsd: snapshot.account.lastEquityUsd,
      highWaterMarkUsd: payload.highWaterMarkUsd ?? snapshot.account.equityUsd,
      breakers: payload.breakers,
      now: clock.timestamp,
    },
    settings.risk,
  );
  if (breakers.decision.kind === 'block')
    return refuse('breaker', breakers.decision.reasons.join('; '), breakers);

  if (continuing) {
    const unsent = continuing.plannedOrders.filter(
      (order) => legState(latestAnswerIn(continuing, order.clientOrderId)) === 'unsent',
    );
    const risk = checkOrderRisk(
      {
        orders: unsent,
        managedValuesUsd: snapshot.managedValuesUsd,
        managedEquityUsd: snapshot.managedEquityUsd,
      },
      settings.risk,
    );
    if (risk.kind === 'block') {
      return refuse(
        'risk-limit',
        `Risk limits block the rest of this rebalance: ${risk.reasons.join('; ')}`,
        breakers,
      );
    }
    return {
      kind: 'continue-intent',
      day,
      record: continuing,
      reason: `Continuing the rebalance of ${day} that an earlier run left open (${unsent.length} of ${continuing.plannedOrders.length} orders not sent yet)`,
      breakers,
    };
  }

  const evaluation = evaluatePolicy(input);
  if (evaluation.kind === 'hold') {
    return {
      kind: 'hold',
      code: 'within-policy',
      day,
      reason: evaluation.decision.reason,
      evaluation,
      breakers,
    };
  }
  const { plan } = evaluation;
  const risk = checkOrderRisk(
    {
      orders: [...plan.sells, ...plan.buys],
      managedValuesUsd: snapshot.managedValuesUsd,
      managedEquityUsd: plan.managedEquityUsd,
    },
    settings.risk,
  );
  if (risk.kind === 'block') {
    return refuse('risk-limit', `Risk limits block this rebalance: ${risk.reasons.join('; ')}`, breakers);
  }
  const attempt = today ? today.attempt + 1 : 0;
  const orders = [...plan.sells, ...plan.buys].map(
    (order): PersistedPlannedOrder => ({
      clientOrderId: clientOrderId(settings.clientOrderIdPrefix, day, attempt, order.symbol, order.side),
      symbol: order.symbol,
      side: order.side,
      amount: order.amount,
      estimatedValueUsd: Math.round(order.estimatedValueUsd * 100) / 100,
      wantUsd: order.wantUsd,
    }),
  );
  return {
    kind: 'trade',
    day,
    attempt,
    evaluation,
    orders,
    cashUsd: snapshot.account.cashUsd,
    reason: evaluation.decision.reason,
    breakers,
  };
}

/** Core's policy and plan on what the cycle read: the drift, and the orders a new rebalance would place. */
export function evaluatePolicy(input: CycleInput): RebalanceEvaluation {
  const { snapshot, settings } = input;
  return evaluateRebalance({
    snapshot: snapshot.snapshot,
    targets: settings.targets,
    policy: settings.policy,
    plan: { ...settings.plan, wholeShareSymbols: snapshot.wholeShareSymbols },
    today: newYorkDate(input.clock.timestamp),
    lastRebalanceDay: input.payload.lastRebalance?.day ?? null,
    force: input.force,
  });
}

/** The policy decision behind a cycle decision, for reports: present when the policy was consulted. */
export function policyDecisionOf(decision: CycleDecision): PolicyDecision | null {
  if (decision.kind === 'trade') return decision.evaluation.decision;
  if (decision.kind === 'hold') return decision.evaluation?.decision ?? null;
  return null;
}
