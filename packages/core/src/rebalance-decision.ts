import { computeDrift, type DriftReport } from './drift.ts';
import { decideRebalance, type PolicyDecision, type RebalancePolicy } from './policy.ts';
import type { PortfolioSnapshot } from './portfolio.ts';
import { type PlanOptions, planRebalance, type RebalancePlan } from './rebalance-plan.ts';
import type { Targets } from './targets.ts';

/** Everything the one decision path needs. The engine, `dalio plan` and the backtester all call it. */
export interface RebalanceInput {
  snapshot: PortfolioSnapshot;
  targets: Targets;
  policy: RebalancePolicy;
  plan: PlanOptions;
  /** Today's trading day, `YYYY-MM-DD` (from the broker clock, never the host clock). */
  today: string;
  lastRebalanceDay: string | null;
  force?: boolean;
}

/** What the evaluation saw either way: the drift, and the holdings it left alone. */
interface EvaluationBasis {
  drift: DriftReport;
  /** Holdings left out of the drift because non-target holdings are ignored. */
  ignoredSymbols: string[];
}

/**
 * The outcome of one evaluation: trade with a plan that has orders, or hold (with the plan that turned out
 * empty when the policy wanted to trade but every order fell under the minimum).
 */
export type RebalanceEvaluation =
  | (EvaluationBasis & { kind: 'trade'; decision: TradeDecision; plan: RebalancePlan })
  | (EvaluationBasis & { kind: 'hold'; decision: HoldDecision; plan: RebalancePlan | null });

/** A policy decision to trade. */
export type TradeDecision = Extract<PolicyDecision, { kind: 'trade' }>;
/** A policy decision to hold. */
export type HoldDecision = Extract<PolicyDecision, { kind: 'hold' }>;

/**
 * Measure drift, decide, and plan. A `trade` decision whose plan is empty (every order under the minimum)
 * becomes a `hold`, so an empty rebalance is never recorded as one (a bug of the original).
 */
export function evaluateRebalance(input: RebalanceInput): RebalanceEvaluation {
  const { snapshot, targets } = input;
  const ignore = input.plan.nonTargetHoldings === 'ignore';
  const managed: PortfolioSnapshot = ignore
    ? { ...snapshot, holdings: snapshot.holdings.filter((holding) => (targets[holding.symbol] ?? 0) > 0) }
    : snapshot;
  const ignoredSymbols = ignore
    ? [
        ...new Set(snapshot.holdings.filter((h) => !((targets[h.symbol] ?? 0) > 0)).map((h) => h.symbol)),
      ].sort()
    : [];
  const drift = computeDrift(managed, targets);
  const decision = decideRebalance({
    drift,
    policy: input.policy,
    today: input.today,
    lastRebalanceDay: input.lastRebalanceDay,
    force: input.force,
  });
  if (decision.kind === 'hold') return { kind: 'hold', decision, drift, ignoredSymbols, plan: null };
  const plan = planRebalance({ snapshot, targets, options: input.plan, policy: input.policy });
  if (plan.sells.length === 0 && plan.buys.length === 0) {
    return {
      kind: 'hold',
      decision: {
        kind: 'hold',
        code: 'nothing-to-trade',
        reason: `${decision.reason}, but every order is below the minimum trade of $${input.plan.minTradeUsd}`,
      },
      drift,
      ignoredSymbols,
      plan,
    };
  }
  return { kind: 'trade', decision, drift, ignoredSymbols, plan };
}
