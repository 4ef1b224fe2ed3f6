import { type CalendarPeriod, daysBetween, periodKey } from './calendar-dates.ts';
import type { DriftReport, SymbolDrift } from './drift.ts';

/**
 * When to rebalance. Bands are fractions (0.05 = 5 points absolute, 0.25 = 25 % of the target relative);
 * a band is breached only when drift is strictly greater. With both bands set (the "5/25" rule) either one
 * breaching triggers. A calendar period triggers once per new period. Bands and calendar combine with OR.
 */
export interface RebalancePolicy {
  absoluteBand: number | null;
  relativeBand: number | null;
  calendar: CalendarPeriod | null;
  /** Minimum whole calendar days since the last rebalance. */
  minDaysBetween: number;
}

/** The original system's defaults: 5/25 bands, no calendar, 30 days apart. */
export const DEFAULT_POLICY: RebalancePolicy = Object.freeze({
  absoluteBand: 0.05,
  relativeBand: 0.25,
  calendar: null,
  minDaysBetween: 30,
});

/** A symbol outside its band. */
export interface BandBreach {
  symbol: string;
  band: 'absolute' | 'relative';
  drift: number;
  limit: number;
}

/** Why the policy holds. */
export type HoldCode = 'within-band' | 'min-days' | 'calendar-not-due' | 'no-equity' | 'nothing-to-trade';

/** What the policy decided, with a human reason that names the symbols. */
export type PolicyDecision =
  | { kind: 'hold'; code: HoldCode; reason: string }
  | { kind: 'trade'; trigger: 'band' | 'calendar' | 'force'; reason: string; breaches: BandBreach[] };

/** The inputs of a decision. Dates are trading days (`YYYY-MM-DD`). */
export interface PolicyInput {
  drift: DriftReport;
  policy: RebalancePolicy;
  today: string;
  lastRebalanceDay: string | null;
  force?: boolean;
}

/** Decide whether to rebalance today. Minimum days are checked first, as in the original. */
export function decideRebalance(input: PolicyInput): PolicyDecision {
  const { drift, policy, today, lastRebalanceDay } = input;
  if (!(drift.equityUsd > 0)) {
    return {
      kind: 'hold',
      code: 'no-equity',
      reason: 'The account has no equity to rebalance; fund it first',
    };
  }
  const breaches = findBreaches(drift.symbols, policy);
  if (input.force) {
    return { kind: 'trade', trigger: 'force', reason: 'Forced rebalance requested', breaches };
  }
  if (lastRebalanceDay !== null) {
    const days = daysBetween(lastRebalanceDay, today);
    if (days < policy.minDaysBetween) {
      return {
        kind: 'hold',
        code: 'min-days',
        reason: `Only ${days} ${days === 1 ? 'day' : 'days'} since the last rebalance on ${lastRebalanceDay} (minimum ${policy.minDaysBetween})`,
      };
    }
  }
  if (breaches.length > 0) {
    return { kind: 'trade', trigger: 'band', reason: describeBreaches(breaches), breaches };
  }
  if (policy.calendar !== null) {
    const due =
      lastRebalanceDay === null ||
      periodKey(lastRebalanceDay, policy.calendar) !== periodKey(today, policy.calendar);
    if (due) {
      const since = lastRebalanceDay === null ? 'never rebalanced' : `last rebalance ${lastRebalanceDay}`;
      return {
        kind: 'trade',
        trigger: 'calendar',
        reason: `New ${policy.calendar} period (${since})`,
        breaches,
      };
    }
    if (!hasBand(policy)) {
      return {
        kind: 'hold',
        code: 'calendar-not-due',
        reason: `Already rebalanced this ${policy.calendar.replace(/ly$/, '')} on ${lastRebalanceDay}`,
      };
    }
  }
  return { kind: 'hold', code: 'within-band', reason: describeWithin(drift.symbols, policy) };
}

/** Every target or non-target symbol whose drift is strictly outside a configured band. */
export function findBreaches(rows: readonly SymbolDrift[], policy: RebalancePolicy): BandBreach[] {
  const breaches: BandBreach[] = [];
  // Largest absolute drift first, so the reason leads with the symbol that matters most.
  const worstFirst = [...rows].sort(
    (a, b) => Math.abs(b.absoluteDrift) - Math.abs(a.absoluteDrift) || a.symbol.localeCompare(b.symbol),
  );
  for (const row of worstFirst) {
    if (policy.absoluteBand !== null && Math.abs(row.absoluteDrift) > policy.absoluteBand + 1e-12) {
      breaches.push({
        symbol: row.symbol,
        band: 'absolute',
        drift: row.absoluteDrift,
        limit: policy.absoluteBand,
      });
      continue;
    }
    if (
      policy.relativeBand !== null &&
      row.relativeDrift !== null &&
      Math.abs(row.relativeDrift) > policy.relativeBand + 1e-12
    ) {
      breaches.push({
        symbol: row.symbol,
        band: 'relative',
        drift: row.relativeDrift,
        limit: policy.relativeBand,
      });
    }
  }
  return breaches;
}

function hasBand(policy: RebalancePolicy): boolean {
  return policy.absoluteBand !== null || policy.relativeBand !== null;
}

/** `+10.3 pts` style formatting of a weight difference. */
export function formatPoints(weight: number): string {
  const points = weight * 100;
  return `${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pts`;
}

function describeBreaches(breaches: readonly BandBreach[]): string {
  const parts = breaches.map((breach) =>
    breach.band === 'absolute'
      ? `${breach.symbol} ${formatPoints(breach.drift)} (band ${(breach.limit * 100).toFixed(1)} pts)`
      : `${breach.symbol} ${breach.drift >= 0 ? '+' : '−'}${Math.abs(breach.drift * 100).toFixed(1)} % of target (band ${(breach.limit * 100).toFixed(0)} %)`,
  );
  return `Drift outside band: ${parts.join('; ')}`;
}

function describeWithin(rows: readonly SymbolDrift[], policy: RebalancePolicy): string {
  const worst = rows.reduce<SymbolDrift | null>(
    (max, row) => (max === null || Math.abs(row.absoluteDrift) > Math.abs(max.absoluteDrift) ? row : max),
    null,
  );
  const bands = [
    policy.absoluteBand !== null ? `${(policy.absoluteBand * 100).toFixed(1)} pts` : null,
    policy.relativeBand !== null ? `${(policy.relativeBand * 100).toFixed(0)} % relative` : null,
  ].filter((band) => band !== null);
  const worstText = worst ? ` (largest: ${worst.symbol} ${formatPoints(worst.absoluteDrift)})` : '';
  const bandText = bands.length > 0 ? ` of ${bands.join(' / ')}` : '';
  return `All symbols within band${bandText}${worstText}`;
}
