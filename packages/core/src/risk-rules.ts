import type { RebalancePlan } from './rebalance-plan.ts';

/** Risk limits. Fractions are of equity (0.05 = 5 %); null disables a limit. */
export interface RiskLimits {
  /** Trip when today's equity is this far or more below the previous close (inclusive, as the original). */
  maxDailyLoss: number;
  /** Pause when equity falls this far or more below the high-water mark; only a manual resume clears it. */
  maxDrawdown: number;
  maxOrderUsd: number | null;
  /** Σ |orders| / equity for one rebalance. */
  maxTurnover: number | null;
  /** Largest weight any one symbol may have after the rebalance. */
  maxWeight: number | null;
  /** Live capital tier: the most the system may have invested. */
  capitalCapUsd: number | null;
}

/** Defaults from the original: 5 % daily loss, 30 % drawdown pause. */
export const DEFAULT_RISK_LIMITS: RiskLimits = Object.freeze({
  maxDailyLoss: 0.05,
  maxDrawdown: 0.3,
  maxOrderUsd: null,
  maxTurnover: null,
  maxWeight: null,
  capitalCapUsd: null,
});

/** A tripped breaker as persisted: it stays until a manual resume. */
export interface TrippedBreaker {
  trippedAt: string;
  reason: string;
}

/** Breakers that persist across restarts. */
export interface BreakerState {
  dailyLoss: TrippedBreaker | null;
  drawdown: TrippedBreaker | null;
}

/** Inputs of the pre-trade breaker check. */
export interface BreakerInput {
  equityUsd: number;
  /** Equity at the previous close; 0 or less skips the daily-loss check. */
  lastEquityUsd: number;
  highWaterMarkUsd: number;
  breakers: BreakerState;
  now: string;
}

/** The breaker outcome: updated breakers and high-water mark to persist, and whether trading may go on. */
export interface BreakerOutcome {
  breakers: BreakerState;
  highWaterMarkUsd: number;
  /** Breakers tripped by this check (to alert once, not on every read). */
  newlyTripped: ('dailyLoss' | 'drawdown')[];
  decision: RiskDecision;
}

/** Allow, or block with the reasons. */
export type RiskDecision = { kind: 'allow' } | { kind: 'block'; reasons: string[] };

/**
 * Check the daily-loss breaker and the drawdown pause. A breaker already tripped stays tripped: it is
 * persisted by the caller and cleared only by an explicit resume.
 */
export function checkBreakers(input: BreakerInput, limits: RiskLimits = DEFAULT_RISK_LIMITS): BreakerOutcome {
  const { equityUsd, lastEquityUsd, now } = input;
  const highWaterMarkUsd = Math.max(input.highWaterMarkUsd, equityUsd);
  const breakers: BreakerState = { ...input.breakers };
  const newlyTripped: BreakerOutcome['newlyTripped'] = [];
  if (breakers.dailyLoss === null && lastEquityUsd > 0) {
    const dailyReturn = equityUsd / lastEquityUsd - 1;
    if (dailyReturn <= -limits.maxDailyLoss + 1e-12) {
      breakers.dailyLoss = {
        trippedAt: now,
        reason: `Daily loss ${percent(-dailyReturn)} reached the limit of ${percent(limits.maxDailyLoss)}`,
      };
      newlyTripped.push('dailyLoss');
    }
  }
  if (breakers.drawdown === null && highWaterMarkUsd > 0) {
    const drawdown = 1 - equityUsd / highWaterMarkUsd;
    if (drawdown >= limits.maxDrawdown - 1e-12) {
      breakers.drawdown = {
        trippedAt: now,
        reason: `Drawdown ${percent(drawdown)} from the high-water mark $${highWaterMarkUsd.toFixed(2)} reached the limit of ${percent(limits.maxDrawdown)}`,
      };
      newlyTripped.push('drawdown');
    }
  }
  const reasons = [breakers.dailyLoss, breakers.drawdown]
    .filter((breaker): breaker is TrippedBreaker => breaker !== null)
    .map((breaker) => `${breaker.reason} (tripped ${breaker.trippedAt}; run \`dalio resume\` after review)`);
  return {
    breakers,
    highWaterMarkUsd,
    newlyTripped,
    decision: reasons.length > 0 ? { kind: 'block', reasons } : { kind: 'allow' },
  };
}

/** Check a plan against the per-rebalance limits: order size, turnover, post-trade weight, capital cap. */
export function checkPlanRisk(
  plan: RebalancePlan,
  currentValuesUsd: Readonly<Record<string, number>>,
  limits: RiskLimits,
): RiskDecision {
  const reasons: string[] = [];
  const orders = [...plan.sells, ...plan.buys];
  if (limits.maxOrderUsd !== null) {
    for (const order of orders) {
      if (order.estimatedValueUsd > limits.maxOrderUsd + 0.005) {
        reasons.push(
          `${order.side} ${order.symbol} $${order.estimatedValueUsd.toFixed(2)} exceeds the maximum order of $${limits.maxOrderUsd.toFixed(2)}`,
        );
      }
    }
  }
  if (limits.maxTurnover !== null && plan.equityUsd > 0) {
    const turnover = plan.turnoverUsd / plan.equityUsd;
    if (turnover > limits.maxTurnover + 1e-12) {
      reasons.push(
        `Turnover ${percent(turnover)} of equity exceeds the maximum of ${percent(limits.maxTurnover)}`,
      );
    }
  }
  const after: Record<string, number> = { ...currentValuesUsd };
  for (const order of orders) {
    after[order.symbol] =
      (after[order.symbol] ?? 0) + (order.side === 'buy' ? 1 : -1) * order.estimatedValueUsd;
  }
  if (limits.maxWeight !== null && plan.equityUsd > 0) {
    for (const [symbol, valueUsd] of Object.entries(after).sort(([a], [b]) => a.localeCompare(b))) {
      const weight = valueUsd / plan.equityUsd;
      if (weight > limits.maxWeight + 1e-9) {
        reasons.push(
          `${symbol} would be ${percent(weight)} of equity, above the maximum weight of ${percent(limits.maxWeight)}`,
        );
      }
    }
  }
  if (limits.capitalCapUsd !== null) {
    const investedUsd = Object.values(after).reduce((total, value) => total + value, 0);
    if (investedUsd > limits.capitalCapUsd + 0.01) {
      reasons.push(
        `Invested $${investedUsd.toFixed(2)} would exceed the capital cap of $${limits.capitalCapUsd.toFixed(2)}`,
      );
    }
  }
  return reasons.length > 0 ? { kind: 'block', reasons } : { kind: 'allow' };
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}
