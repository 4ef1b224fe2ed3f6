import type { CalendarPeriod, RebalancePolicy } from '@dalio-lite/core';
import { BacktestInputError } from './backtest-input-error.ts';

/** Candidate values of each policy parameter; the grid is their cartesian product. */
export interface PolicyGrid {
  absoluteBand: readonly (number | null)[];
  relativeBand: readonly (number | null)[];
  calendar: readonly (CalendarPeriod | null)[];
  minDaysBetween: readonly number[];
}

/** A modest default grid: 48 policies around the original 5/25, 30-day rule. */
export const DEFAULT_POLICY_GRID: PolicyGrid = Object.freeze<PolicyGrid>({
  absoluteBand: [0.03, 0.05, 0.1, null],
  relativeBand: [0.25, null],
  calendar: [null, 'quarterly', 'yearly'],
  minDaysBetween: [1, 30],
});

/** What "best in sample" means. Ties go to the earlier policy in grid order. */
export type WalkForwardObjective = 'sharpe' | 'cagr' | 'calmar';

/** Every policy of the grid, in a fixed order; policies that could never rebalance are left out. */
export function expandPolicyGrid(grid: PolicyGrid): RebalancePolicy[] {
  const policies: RebalancePolicy[] = [];
  for (const absoluteBand of grid.absoluteBand)
    for (const relativeBand of grid.relativeBand)
      for (const calendar of grid.calendar)
        for (const minDaysBetween of grid.minDaysBetween) {
          if (absoluteBand === null && relativeBand === null && calendar === null) continue;
          policies.push({ absoluteBand, relativeBand, calendar, minDaysBetween });
        }
  if (policies.length === 0) {
    throw new BacktestInputError('the policy grid is empty; give at least one band or calendar value', {
      field: 'grid',
    });
  }
  return policies;
}

/** The score an objective gives a result (higher is better). Calmar = CAGR ÷ max drawdown. */
export function objectiveScore(
  stats: { sharpe: number; cagr: number; maxDrawdown: number },
  objective: WalkForwardObjective,
): number {
  if (objective === 'sharpe') return stats.sharpe;
  if (objective === 'cagr') return stats.cagr;
  return stats.maxDrawdown > 0
    ? stats.cagr / stats.maxDrawdown
    : stats.cagr > 0
      ? Number.POSITIVE_INFINITY
      : stats.cagr;
}

/** A short label such as `5/25 pts·%, quarterly, ≥30d`. */
export function describePolicy(policy: RebalancePolicy): string {
  const bands = [
    policy.absoluteBand === null ? null : `±${(policy.absoluteBand * 100).toFixed(0)} pts`,
    policy.relativeBand === null ? null : `±${(policy.relativeBand * 100).toFixed(0)} % rel`,
  ].filter((part) => part !== null);
  const parts = [bands.length > 0 ? bands.join(' or ') : 'no band', policy.calendar ?? 'no calendar'];
  return `${parts.join(', ')}, min ${policy.minDaysBetween}d`;
}
