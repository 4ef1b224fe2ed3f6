import type { PlannedOrder } from './rebalance-plan.ts';

/**
 * Risk limits; null disables one. The two breakers watch the whole account's equity (what the broker
 * reports). The per-rebalance limits apply to the managed sleeve — cash plus the holdings Dalio Lite trades
 * (its targets, and non-target holdings it liquidates); holdings it ignores count for none of them.
 */
export interface RiskLimits {
  /** Account: trip when today's equity is this far or more below the previous close (inclusive, as the original). */
  maxDailyLoss: number;
  /** Account: pause when equity falls this far or more below the high-water mark; only a manual resume clears it. */
  maxDrawdown: number;
  /** Sleeve: the largest single order, in dollars. */
  maxOrderUsd: number | null;
  /** Sleeve: Σ |orders| / managed equity for one rebalance. */
  maxTurnover: number | null;
  /** Sleeve: the largest share of managed equity any one symbol may have after the rebalance. */
  maxWeight: number | null;
  /** Sleeve: live capital tier, the most the system may have invested in managed holdings. */
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

/** What one rebalance's limits are checked on: its orders and the managed sleeve they trade in. */
export interface OrderRiskInput {
  orders: readonly Pick<PlannedOrder, 'symbol' | 'side' | 'estimatedValueUsd'>[];
  /** Current value of each managed holding (ignored holdings left out). */
  managedValuesUsd: Readonly<Record<string, number>>;
  /** Cash plus the managed holdings. */
  managedEquityUsd: number;
}

/**
 * Check one rebalance's orders against the sleeve limits: order size, turnover, post-trade weight, capital
 * cap. Used on a new plan and again before the rest of an interrupted one is sent.
 */
export function checkOrderRisk(input: OrderRiskInput, limits: RiskLimits): RiskDecision {
  const { orders, managedEquityUsd } = input;
  const reasons: string[] = [];
  if (limits.maxOrderUsd !== null) {
    for (const order of orders) {
      if (order.estimatedValueUsd > limits.maxOrderUsd + 0.005) {
        reasons.push(
          `${order.side} ${order.symbol} $${order.estimatedValueUsd.toFixed(2)} exceeds the maximum order of $${limits.maxOrderUsd.toFixed(2)}`,
        );
      }
    }
  }
  if (limits.maxTurnover !== null && managedEquityUsd > 0) {
    const turnoverUsd = orders.reduce((total, order) => total + order.estimatedValueUsd, 0);
    const turnover = turnoverUsd / managedEquityUsd;
    if (turnover > limits.maxTurnover + 1e-12) {
      reasons.push(
        `Turnover ${percent(turnover)} of the managed equity exceeds the maximum of ${percent(limits.maxTurnover)}`,
      );
    }
  }
  const after: Record<string, number> = { ...input.managedValuesUsd };
  for (const order of orders) {
    after[order.symbol] =
      (after[order.symbol] ?? 0) + (order.side === 'buy' ? 1 : -1) * order.estimatedValueUsd;
  }
  if (limits.maxWeight !== null && managedEquityUsd > 0) {
    for (const [symbol, valueUsd] of Object.entries(after).sort(([a], [b]) => a.localeCompare(b))) {
      const weight = valueUsd / managedEquityUsd;
      if (weight > limits.maxWeight + 1e-9) {
        reasons.push(
          `${symbol} would be ${percent(weight)} of the managed equity, above the maximum weight of ${percent(limits.maxWeight)}`,
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
