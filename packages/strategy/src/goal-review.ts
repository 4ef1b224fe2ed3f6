import { dailyReturns, daysBetween, isoDateToUtcMs, type Targets } from '@dalio-lite/core';
import { compareStrategies } from './compare-strategies.ts';
import type { StrategyComparison } from './comparison-schema.ts';
import { StrategyInputError } from './errors.ts';
import { type BandPoint, type GoalProjection, projectGoal } from './goal-projection.ts';
import { GOAL_DEFAULTS, type Goal } from './goal-schema.ts';
import type { PriceSource } from './price-source.ts';
import type { ResultCache } from './result-cache.ts';
import type { ReplayPolicy } from './strategy-settings.ts';

/** Where history comes from for a projection, and the policy the allocation is replayed under. */
export interface ReturnsSource {
  config: ReplayPolicy;
  prices?: PriceSource;
  cache?: ResultCache<StrategyComparison>;
}

/** A goal as the user states it; the rest is filled from the defaults and the portfolio. */
export interface GoalInput {
  amountUsd: number;
  targetDate: string;
  monthlyUsd: number;
  inflationPct?: number;
  probabilityPct?: number;
}

/** Where the real portfolio stands against the plan made when the goal was set. */
export interface GoalProgress {
  valueUsd: number;
  /** The value in dollars of the day the goal was set. */
  realValueUsd: number;
  shareOfGoal: number;
  /** The plan's bands at the latest point on or before today. */
  plan: BandPoint;
  standing: 'ahead' | 'on-track' | 'behind' | 'well-behind';
}

/** A goal with its projection from today, the plan it was set with, and the progress against that plan. */
export interface GoalReview {
  goal: Goal;
  /** From today's value, in dollars of the day the goal was set; null once the goal date has passed. */
  projection: GoalProjection | null;
  /** The projection made from the day the goal was set (same seed and paths): the path progress is measured on. */
  plan: GoalProjection;
  progress: GoalProgress | null;
  /** The history the returns were drawn from. */
  history: { from: string; to: string };
}

/** The allocation's daily returns from the backtester's replay of the whole shared history. */
export async function allocationReturns(
  targets: Targets,
  source: ReturnsSource,
): Promise<{ returns: Float64Array; from: string; to: string }> {
  const { comparison } = await compareStrategies({
    candidates: [{ id: 'goal', description: 'Goal allocation', targets, current: true }],
    config: source.config,
    prices: source.prices,
    cache: source.cache,
  });
  const [figures] = comparison.strategies;
  return {
    // Equity is kept to the cent: a relative error of about 1e-7 on a $100k replay, far below any daily move.
    returns: dailyReturns(figures?.equityUsd ?? []),
    from: comparison.dates[0] ?? '',
    to: comparison.dates.at(-1) ?? '',
  };
}

/** Validate a goal as stated and pin what its plan starts from (today, the value now, the allocation now). */
export function createGoal(
  input: GoalInput,
  start: { now: Date; today: string; valueUsd: number; targets: Targets },
): Goal {
  const inflationPct = input.inflationPct ?? GOAL_DEFAULTS.inflationPct;
  const probabilityPct = input.probabilityPct ?? GOAL_DEFAULTS.probabilityPct;
  const checks: Array<[field: string, ok: boolean, message: string]> = [
    ['amountUsd', input.amountUsd > 0, `the goal amount ${input.amountUsd} must be above 0 dollars`],
    [
      'targetDate',
      /^\d{4}-\d{2}-\d{2}$/.test(input.targetDate) && !Number.isNaN(isoDateToUtcMs(input.targetDate)),
      `the goal date "${input.targetDate}" is not a date, use YYYY-MM-DD`,
    ],
    [
      'targetDate',
      input.targetDate > start.today,
      `the goal date ${input.targetDate} is not after today (${start.today}): pick a later date`,
    ],
    ['monthlyUsd', input.monthlyUsd >= 0, `the monthly contribution ${input.monthlyUsd} must be 0 or more`],
    [
      'inflationPct',
      inflationPct >= -5 && inflationPct <= 20,
      `inflation ${inflationPct} % must be between -5 and 20 (% per year)`,
    ],
    [
      'probabilityPct',
      probabilityPct > 0 && probabilityPct < 100,
      `probability ${probabilityPct} % must be above 0 and below 100`,
    ],
    ['valueUsd', start.valueUsd >= 0, `the starting value ${start.valueUsd} must be 0 or more`],
  ];
  // NaN fails every comparison above, so it is refused like any other bad number.
  for (const [field, ok, message] of checks) if (!ok) throw new StrategyInputError(message, { field });
  return {
    amountUsd: input.amountUsd,
    targetDate: input.targetDate,
    monthlyUsd: input.monthlyUsd,
    inflationPct,
    probabilityPct,
    setAt: start.now.toISOString(),
    startDate: start.today,
    startValueUsd: start.valueUsd,
    targets: { ...start.targets },
    paths: GOAL_DEFAULTS.paths,
    blockDays: GOAL_DEFAULTS.blockDays,
    seed: GOAL_DEFAULTS.seed,
  };
}

/**
 * Project the goal from today's value with the allocation held now, recompute the plan it was set with, and
 * place today's value in that plan's bands. `valueUsd` null (the broker could not be asked) leaves progress out.
 */
export async function reviewGoal(options: {
  goal: Goal;
  today: string;
  valueUsd: number | null;
  targets: Targets;
  source: ReturnsSource;
}): Promise<GoalReview> {
  const { goal, today } = options;
  const settings = {
    monthlyUsd: goal.monthlyUsd,
    inflationPct: goal.inflationPct,
    targetDate: goal.targetDate,
    amountUsd: goal.amountUsd,
    probabilityPct: goal.probabilityPct,
    paths: goal.paths,
    blockDays: goal.blockDays,
    seed: goal.seed,
  };
  const planned = await allocationReturns(goal.targets, options.source);
  const plan = projectGoal({
    ...settings,
    dailyReturns: planned.returns,
    startValueUsd: goal.startValueUsd,
    startDate: goal.startDate,
  });
  // Today's dollars are worth less than the set day's: deflate the value so every figure uses one unit.
  const realValueUsd =
    options.valueUsd === null
      ? null
      : options.valueUsd /
        (1 + goal.inflationPct / 100) ** (Math.max(0, daysBetween(goal.startDate, today)) / 365.25);
  const current = await allocationReturns(options.targets, options.source);
  const projection =
    goal.targetDate > today
      ? projectGoal({
          ...settings,
          dailyReturns: current.returns,
          startValueUsd: realValueUsd ?? goal.startValueUsd,
          startDate: today,
        })
      : null;
  return {
    goal,
    projection,
    plan,
    progress:
      realValueUsd === null || options.valueUsd === null
        ? null
        : progressOn(plan, today, options.valueUsd, realValueUsd, goal.amountUsd),
    history: { from: current.from, to: current.to },
  };
}

function progressOn(
  plan: GoalProjection,
  today: string,
  valueUsd: number,
  realValueUsd: number,
  amountUsd: number,
): GoalProgress {
  const point =
    plan.points.filter((candidate) => candidate.date <= today).at(-1) ?? (plan.points[0] as BandPoint);
  // Before the plan's first month the bands are one point, the start value: at or above it is on track.
  const standing =
    point === plan.points[0]
      ? realValueUsd >= point.p50
        ? 'on-track'
        : 'behind'
      : realValueUsd >= point.p50
        ? 'ahead'
        : realValueUsd >= point.p25
          ? 'on-track'
          : realValueUsd >= point.p10
            ? 'behind'
            : 'well-behind';
  return { valueUsd, realValueUsd, shareOfGoal: realValueUsd / amountUsd, plan: point, standing };
}

/** The method in plain words, with the numbers used, for the page and `dalio goal show`. */
export function describeGoalMethod(goal: Goal, history: { from: string; to: string }): string[] {
  return [
    `Returns: the daily returns of your allocation, replayed by the backtester with your rebalancing policy over ${history.from} to ${history.to}.`,
    `Paths: ${goal.paths.toLocaleString('en-US')} simulated futures, each stitched from ${goal.blockDays}-trading-day blocks of that history picked at random (a block bootstrap, seed ${goal.seed}: the same inputs always give the same answer). Blocks keep history's short-run patterns, such as volatile weeks coming together.`,
    `Dollars: every figure is in dollars of ${goal.startDate}, deflated at ${goal.inflationPct} %/yr; the monthly contribution grows with inflation, so it stays $${goal.monthlyUsd.toLocaleString('en-US')} in those dollars, added on the first trading day of each month.`,
    `Bands: the 10th, 25th, 50th, 75th and 90th percentile of the paths at each month; the chance is the share of paths at or above the goal on ${goal.targetDate}.`,
    `Needed contribution: the smallest monthly amount with which at least ${goal.probabilityPct} % of the same paths reach the goal.`,
  ];
}
