import { nextTradingDay, tradingDaysBetween } from '@dalio-lite/core';
import { describe, expect, it } from 'vitest';
import { StrategyInputError } from './errors.ts';
import { type ProjectionInput, projectGoal } from './goal-projection.ts';

const START = '2026-03-02';

/** The trading day `n` days after START (day 1 is the first day of the projection). */
function nthTradingDay(n: number): string {
  const day = tradingDaysBetween(nextTradingDay(START), '2040-12-31')[n - 1];
  if (!day) throw new Error('calendar too short');
  return day;
}

const base: ProjectionInput = {
  dailyReturns: Float64Array.of(0.0004),
  startValueUsd: 10_000,
  monthlyUsd: 500,
  inflationPct: 2.5,
  startDate: START,
  targetDate: '2028-03-01',
  amountUsd: 25_000,
  probabilityPct: 80,
  paths: 500,
};

describe('projectGoal', () => {
  it('with a constant daily return every band is the deterministic compounding, contributions and inflation included', () => {
    const projection = projectGoal(base);
    const days = tradingDaysBetween(nextTradingDay(START), base.targetDate);
    const growth = 1.0004 * 1.025 ** (-1 / 252);
    // Independent of the implementation: a contribution at the close of each month's first trading day.
    const contributionDays = days.flatMap((day, i) =>
      day.slice(0, 7) !== (i === 0 ? START : (days[i - 1] as string)).slice(0, 7) ? [i + 1] : [],
    );
    const perDollar = contributionDays.reduce((sum, d) => sum + growth ** (days.length - d), 0);
    const expected = 10_000 * growth ** days.length + 500 * perDollar;
    const last = projection.points.at(-1);
    expect(last?.date).toBe(days.at(-1));
    for (const band of [last?.p10, last?.p25, last?.p50, last?.p75, last?.p90]) {
      expect(band).toBeCloseTo(expected, 6);
    }
    expect(projection.contributions).toBe(contributionDays.length);
    expect(last?.investedUsd).toBe(10_000 + 500 * contributionDays.length);
    expect(projection.probability).toBe(expected >= base.amountUsd ? 1 : 0);
    // The needed contribution is the closed form, rounded up to the cent.
    const needed = (base.amountUsd - 10_000 * growth ** days.length) / perDollar;
    expect(projection.neededMonthlyUsd).toBe(Math.ceil(needed * 100) / 100);
    expect(projectGoal({ ...base, amountUsd: expected * 0.999 }).probability).toBe(1);
    expect(projectGoal({ ...base, amountUsd: expected * 1.001 }).probability).toBe(0);
  });

  it('with +1 % or -1 % a day at even odds, the bands are the binomial quantiles of the number of up days', () => {
    // Ten days, one-day blocks: up days k ~ Binomial(10, 1/2), value = 10000 * 1.01^k * 0.99^(10-k).
    // The 10/25/50/75/90 % quantiles of k are 3, 4, 5, 6, 7, each 4.5 % or more from a step of the CDF.
    const projection = projectGoal({
      ...base,
      dailyReturns: Float64Array.of(0.01, -0.01),
      monthlyUsd: 0,
      inflationPct: 0,
      targetDate: nthTradingDay(10),
      amountUsd: 10_000 * 1.01 ** 7 * 0.99 ** 3 - 0.01,
      blockDays: 1,
      paths: 4000,
      seed: 7,
    });
    expect(projection.tradingDays).toBe(10);
    const value = (k: number) => 10_000 * 1.01 ** k * 0.99 ** (10 - k);
    const last = projection.points.at(-1);
    expect([last?.p10, last?.p25, last?.p50, last?.p75, last?.p90].map((v) => v?.toFixed(6))).toEqual(
      [3, 4, 5, 6, 7].map((k) => value(k).toFixed(6)),
    );
    // P(k >= 7) = 176/1024; 4000 paths give it within 0.025 (four standard errors).
    expect(Math.abs(projection.probability - 176 / 1024)).toBeLessThan(0.025);
  });

  it('is reproducible for a seed, and another seed draws other paths', () => {
    const noisy = { ...base, dailyReturns: Float64Array.from({ length: 500 }, (_, i) => Math.sin(i) * 0.01) };
    expect(projectGoal({ ...noisy, seed: 42 })).toEqual(projectGoal({ ...noisy, seed: 42 }));
    expect(projectGoal({ ...noisy, seed: 43 }).points.at(-1)?.p50).not.toBe(
      projectGoal({ ...noisy, seed: 42 }).points.at(-1)?.p50,
    );
  });

  it('the needed contribution reaches the chosen probability on the same paths, a cent less does not', () => {
    const noisy = {
      ...base,
      dailyReturns: Float64Array.from({ length: 750 }, (_, i) => Math.sin(i * 1.7) * 0.012 + 0.0002),
      amountUsd: 40_000,
    };
    for (const probabilityPct of [50, 80, 95]) {
      const { neededMonthlyUsd } = projectGoal({ ...noisy, probabilityPct });
      expect(neededMonthlyUsd).not.toBeNull();
      const needed = neededMonthlyUsd as number;
      expect(projectGoal({ ...noisy, monthlyUsd: needed }).probability).toBeGreaterThanOrEqual(
        probabilityPct / 100,
      );
      expect(projectGoal({ ...noisy, monthlyUsd: needed - 0.01 }).probability).toBeLessThan(
        probabilityPct / 100,
      );
    }
  });

  it('a goal that contributions cannot reach (no month starts before it) needs no amount it can name', () => {
    const projection = projectGoal({ ...base, targetDate: nthTradingDay(5), amountUsd: 1_000_000 });
    expect(projection.contributions).toBe(0);
    expect(projection.neededMonthlyUsd).toBeNull();
    expect(projection.probability).toBe(0);
  });

  it('refuses a goal date that is not after the start', () => {
    expect(() => projectGoal({ ...base, targetDate: START })).toThrow(StrategyInputError);
  });
});
