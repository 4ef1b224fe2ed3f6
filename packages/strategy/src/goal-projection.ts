import { nextTradingDay, TRADING_DAYS_PER_YEAR, tradingDaysBetween } from '@dalio-lite/core';
import { createBlockSampler } from './block-bootstrap.ts';
import { StrategyInputError } from './errors.ts';
import { quantileOfSorted } from './quantile.ts';

/** The projection's stated defaults: 2,000 paths, 21-day blocks (one trading month), seed 1. */
export const PROJECTION_DEFAULTS = Object.freeze({ paths: 2000, blockDays: 21, seed: 1 });

/** The percentiles drawn as bands. */
export const BAND_PERCENTILES = [10, 25, 50, 75, 90] as const;

/** What to project: history's daily returns, where the portfolio starts, what is added, and the goal. */
export interface ProjectionInput {
  /** Nominal daily returns of the allocation from history (0.01 = +1 %). */
  dailyReturns: Float64Array;
  startValueUsd: number;
  /** Added on the first trading day of each month, in today's dollars (it grows with inflation). */
  monthlyUsd: number;
  /** Annual inflation in percent (2.5 = 2.5 %/yr); every figure is deflated by it into today's dollars. */
  inflationPct: number;
  /** The projection starts after this day's close (ISO date). */
  startDate: string;
  /** The goal date (ISO); the last trading day on or before it ends the paths. */
  targetDate: string;
  /** The goal in today's dollars. */
  amountUsd: number;
  /** The chance the needed contribution is computed for (80 = 80 %). */
  probabilityPct: number;
  paths?: number;
  blockDays?: number;
  seed?: number;
}

/** The bands at one date, in today's dollars. */
export interface BandPoint {
  date: string;
  /** Money put in by then (start value plus contributions), in today's dollars. */
  investedUsd: number;
  p10: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
}

/** The projection of a goal. */
export interface GoalProjection {
  /** The start and then the first trading day of each month and the last day, with their bands. */
  points: BandPoint[];
  /** Share of paths at or above the goal on the last day, with the planned monthly contribution. */
  probability: number;
  /** The smallest monthly contribution (today's dollars, rounded up to the cent) reaching the goal with `probabilityPct`; null when contributions cannot reach it (no month starts before the goal). */
  neededMonthlyUsd: number | null;
  tradingDays: number;
  contributions: number;
  method: { paths: number; blockDays: number; seed: number; historyDays: number; inflationPct: number };
}

/**
 * Monte Carlo projection by block bootstrap of history's daily returns, in real (today's) dollars. Each path's
 * value is linear in the monthly contribution c: V = a + c·b, where a grows the start value and b grows one
 * dollar per month. So every contribution is evaluated exactly on the same paths: the probability for the planned
 * c, and the needed c for a probability — the exact answer a bisection over c on these paths converges to.
 */
export function projectGoal(input: ProjectionInput): GoalProjection {
  const paths = input.paths ?? PROJECTION_DEFAULTS.paths;
  const blockDays = input.blockDays ?? PROJECTION_DEFAULTS.blockDays;
  const seed = input.seed ?? PROJECTION_DEFAULTS.seed;
  const days = tradingDaysBetween(nextTradingDay(input.startDate), input.targetDate);
  if (days.length === 0) {
    throw new StrategyInputError(
      `the goal date ${input.targetDate} is not after ${input.startDate}: pick a later date`,
      { field: 'targetDate' },
    );
  }
  if (input.dailyReturns.length === 0) {
    throw new StrategyInputError(
      'no history to project from: the allocation needs at least two days of prices',
      {
        field: 'dailyReturns',
      },
    );
  }
  const deflator = (1 + input.inflationPct / 100) ** (-1 / TRADING_DAYS_PER_YEAR);
  // A contribution lands on the first trading day of each new month; bands are drawn there and on the last day.
  const contributes = days.map(
    (day, t) => day.slice(0, 7) !== (t === 0 ? input.startDate : (days[t - 1] as string)).slice(0, 7),
  );
  const sampleIndexes = days.flatMap((_, t) => (contributes[t] || t === days.length - 1 ? [t] : []));
  const k = sampleIndexes.length;
  // a and b at each sampled day of each path, stored as [sample * paths + path].
  const grown = new Float64Array(k * paths);
  const perDollar = new Float64Array(k * paths);
  const sampler = createBlockSampler(input.dailyReturns, blockDays, seed);
  for (let p = 0; p < paths; p++) {
    sampler.startPath();
    let a = input.startValueUsd;
    let b = 0;
    let s = 0;
    for (let t = 0; t < days.length; t++) {
      const growth = (1 + sampler.next()) * deflator;
      a *= growth;
      b *= growth;
      if (contributes[t]) b += 1;
      if (t === sampleIndexes[s]) {
        grown[s * paths + p] = a;
        perDollar[s * paths + p] = b;
        s++;
      }
    }
  }
  const values = new Float64Array(paths);
  const points: BandPoint[] = [flatPoint(input.startDate, input.startValueUsd)];
  let contributed = 0;
  sampleIndexes.forEach((t, s) => {
    for (let p = 0; p < paths; p++) {
      values[p] = (grown[s * paths + p] as number) + input.monthlyUsd * (perDollar[s * paths + p] as number);
    }
    values.sort();
    if (contributes[t]) contributed++;
    const [p10, p25, p50, p75, p90] = BAND_PERCENTILES.map((pct) => quantileOfSorted(values, pct / 100));
    points.push({
      date: days[t] as string,
      investedUsd: input.startValueUsd + contributed * input.monthlyUsd,
      p10: p10 as number,
      p25: p25 as number,
      p50: p50 as number,
      p75: p75 as number,
      p90: p90 as number,
    });
  });
  const last = (k - 1) * paths;
  const finalGrown = grown.subarray(last, last + paths);
  const finalPerDollar = perDollar.subarray(last, last + paths);
  return {
    points,
    probability: reachShare(finalGrown, finalPerDollar, input.monthlyUsd, input.amountUsd),
    neededMonthlyUsd: neededContribution(
      finalGrown,
      finalPerDollar,
      input.amountUsd,
      input.probabilityPct / 100,
    ),
    tradingDays: days.length,
    contributions: contributed,
    method: {
      paths,
      blockDays,
      seed,
      historyDays: input.dailyReturns.length,
      inflationPct: input.inflationPct,
    },
  };
}

/** Share of paths whose final value a + c·b reaches the goal. */
function reachShare(
  grown: Float64Array,
  perDollar: Float64Array,
  monthlyUsd: number,
  amountUsd: number,
): number {
  let reached = 0;
  for (let p = 0; p < grown.length; p++) {
    if ((grown[p] as number) + monthlyUsd * (perDollar[p] as number) >= amountUsd) reached++;
  }
  return reached / grown.length;
}

/** The smallest c (rounded up to the cent) with at least `probability` of the paths reaching the goal. */
function neededContribution(
  grown: Float64Array,
  perDollar: Float64Array,
  amountUsd: number,
  probability: number,
): number | null {
  const needs = new Float64Array(grown.length);
  for (let p = 0; p < grown.length; p++) {
    const short = amountUsd - (grown[p] as number);
    const b = perDollar[p] as number;
    needs[p] = short <= 0 ? 0 : b > 0 ? short / b : Number.POSITIVE_INFINITY;
  }
  needs.sort();
  const rank = Math.min(grown.length, Math.max(1, Math.ceil(probability * grown.length - 1e-9)));
  const need = needs[rank - 1] as number;
  return Number.isFinite(need) ? Math.ceil(need * 100) / 100 : null;
}

function flatPoint(date: string, valueUsd: number): BandPoint {
  return {
    date,
    investedUsd: valueUsd,
    p10: valueUsd,
    p25: valueUsd,
    p50: valueUsd,
    p75: valueUsd,
    p90: valueUsd,
  };
}
