import type { Broker } from '@dalio-lite/broker';
import {
  checkBreakers,
  checkPlanRisk,
  evaluateRebalance,
  newYorkDate,
  type RebalanceEvaluation,
} from '@dalio-lite/core';
import { initialStatePayload, type StateStore } from '@dalio-lite/state';
import { checkAccount, checkHalt, checkMarketClock } from './cycle-guards.ts';
import type { EngineSettings } from './engine-settings.ts';
import { takeSnapshot } from './market-snapshot.ts';

/** A dry run: what a cycle would decide and place right now, and what would stop it. */
export interface CyclePreview {
  day: string;
  /** Why a real cycle would not trade now (halt, clock, breakers, already traded today, risk); empty if it would. */
  blockers: string[];
  evaluation: RebalanceEvaluation;
}

/**
 * Preview a cycle: the same snapshot, guards, policy and plan as `runCycle`, with no lock taken and nothing
 * written — breakers are evaluated, not tripped; no intent, no order.
 */
export async function previewCycle(
  broker: Broker,
  store: StateStore,
  settings: EngineSettings,
  options: { force?: boolean } = {},
): Promise<CyclePreview> {
  const payload = (await store.load())?.payload ?? initialStatePayload();
  const clock = await broker.getClock();
  const day = newYorkDate(clock.timestamp);
  const blockers: string[] = [];
  const halt = checkHalt(payload);
  if (halt.refuse) blockers.push(halt.reason);
  const market = checkMarketClock(clock, settings.closeBufferMinutes);
  if (market.refuse) blockers.push(market.reason);
  const today = payload.days[day];
  if (today) blockers.push(`Already rebalanced on ${day} (status ${today.status})`);
  const snapshot = await takeSnapshot(broker, settings, clock);
  const account = checkAccount(snapshot.account);
  if (account.refuse) blockers.push(account.reason);
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
  if (breakers.decision.kind === 'block') blockers.push(...breakers.decision.reasons);
  const evaluation = evaluateRebalance({
    snapshot: snapshot.snapshot,
    targets: settings.targets,
    policy: settings.policy,
    plan: { ...settings.plan, wholeShareSymbols: snapshot.wholeShareSymbols },
    today: day,
    lastRebalanceDay: payload.lastRebalance?.day ?? null,
    force: options.force ?? false,
  });
  if (evaluation.decision.kind === 'trade' && evaluation.plan) {
    const values = Object.fromEntries(snapshot.snapshot.holdings.map((h) => [h.symbol, h.qty * h.priceUsd]));
    const risk = checkPlanRisk(evaluation.plan, values, settings.risk);
    if (risk.kind === 'block') blockers.push(...risk.reasons);
  }
  return { day, blockers, evaluation };
}
