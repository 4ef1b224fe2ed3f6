import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPriceTable } from '@dalio-lite/backtest';
import { defaultConfig } from '@dalio-lite/config';
import { tradingDaysBetween } from '@dalio-lite/core';
import { StateCorruptError } from '@dalio-lite/state';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StrategyInputError } from './errors.ts';
import { createGoal, describeGoalMethod, reviewGoal } from './goal-review.ts';
import { createGoalStore } from './goal-store.ts';

const config = defaultConfig({ HOME: '/nonexistent' });
const DAILY = 0.0003;
// Two assets that both grow 0.03 % a day: the portfolio grows at exactly that rate, rebalanced or not.
const dates = tradingDaysBetween('2020-01-02', '2021-12-31');
const table = createPriceTable({
  dates,
  prices: {
    AAA: dates.map((_, i) => 10 * (1 + DAILY) ** i),
    BBB: dates.map((_, i) => 50 * (1 + DAILY) ** i),
  },
});
const source = { config, prices: { kind: 'table' as const, table } };
const targets = { AAA: 0.5, BBB: 0.5 };
const start = { now: new Date('2026-01-02T15:00:00Z'), today: '2026-01-02', valueUsd: 10_000, targets };
const stated = { amountUsd: 20_000, targetDate: '2030-01-02', monthlyUsd: 100, inflationPct: 0 };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dalio-goal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('createGoal', () => {
  it('fills the stated defaults (2.5 %/yr inflation, 80 %, 2,000 paths of 21-day blocks)', () => {
    const goal = createGoal({ amountUsd: 100_000, targetDate: '2035-01-01', monthlyUsd: 500 }, start);
    expect(goal).toMatchObject({
      inflationPct: 2.5,
      probabilityPct: 80,
      paths: 2000,
      blockDays: 21,
      startValueUsd: 10_000,
      startDate: '2026-01-02',
      setAt: '2026-01-02T15:00:00.000Z',
    });
  });

  it('refuses what cannot be a goal, naming the field and the fix', () => {
    const attempt = (input: Partial<typeof stated> & { probabilityPct?: number }) => {
      try {
        createGoal({ ...stated, ...input }, start);
      } catch (error) {
        if (error instanceof StrategyInputError) return [error.field, error.message];
      }
      return null;
    };
    expect(attempt({ targetDate: '2025-06-01' })).toEqual([
      'targetDate',
      'the goal date 2025-06-01 is not after today (2026-01-02): pick a later date',
    ]);
    expect(attempt({ amountUsd: 0 })?.[0]).toBe('amountUsd');
    expect(attempt({ monthlyUsd: Number.NaN })?.[0]).toBe('monthlyUsd');
    expect(attempt({ probabilityPct: 100 })?.[0]).toBe('probabilityPct');
    expect(attempt({ targetDate: 'soon' })?.[1]).toBe('the goal date "soon" is not a date, use YYYY-MM-DD');
  });
});

describe('reviewGoal', () => {
  it('projects from the backtested returns of the allocation and places the real portfolio on the plan', async () => {
    const goal = createGoal(stated, start);
    const today = '2027-01-04';
    const review = await reviewGoal({ goal, today, valueUsd: 12_000, targets, source });
    expect(review.history).toEqual({ from: '2020-01-02', to: '2021-12-31' });
    // Constant returns: the plan's bands coincide, so the standing is just above or below that one path.
    const { plan } = review;
    const point = plan.points.filter((p) => p.date <= today).at(-1);
    expect(point?.p10).toBeCloseTo(point?.p90 ?? 0, 0);
    expect(review.progress).toMatchObject({ valueUsd: 12_000, realValueUsd: 12_000, shareOfGoal: 0.6 });
    const planned = point?.p50 ?? 0;
    expect(review.progress?.standing).toBe(12_000 >= planned ? 'ahead' : 'well-behind');
    const behind = await reviewGoal({ goal, today, valueUsd: planned * 0.9, targets, source });
    expect(behind.progress?.standing).toBe('well-behind');
    const ahead = await reviewGoal({ goal, today, valueUsd: planned * 1.1, targets, source });
    expect(ahead.progress?.standing).toBe('ahead');
    // The projection from today starts at today's value and reaches the goal date.
    expect(ahead.projection?.points[0]).toMatchObject({ date: today, p50: planned * 1.1 });
    expect(ahead.projection?.points.at(-1)?.date).toBe('2030-01-02');
    expect(ahead.projection?.probability).toBe(1);
  });

  it('deflates today’s value into the dollars of the day the goal was set', async () => {
    const goal = createGoal({ ...stated, inflationPct: 3 }, start);
    const review = await reviewGoal({ goal, today: '2027-01-02', valueUsd: 10_300, targets, source });
    expect(review.progress?.realValueUsd).toBeCloseTo(10_300 / 1.03 ** (365 / 365.25), 6);
  });

  it('keeps reporting progress after the goal date, without a projection', async () => {
    const goal = createGoal(stated, start);
    const review = await reviewGoal({ goal, today: '2030-06-01', valueUsd: 25_000, targets, source });
    expect(review.projection).toBeNull();
    expect(review.progress?.shareOfGoal).toBe(1.25);
  });

  it('explains the method with the goal’s own numbers', () => {
    const text = describeGoalMethod(createGoal(stated, start), { from: '2007-01-11', to: '2025-09-26' }).join(
      ' ',
    );
    for (const fact of [
      '2,000 simulated futures',
      '21-trading-day blocks',
      'seed 1',
      '0 %/yr',
      '2007-01-11',
    ]) {
      expect(text).toContain(fact);
    }
  });
});

describe('createGoalStore', () => {
  it('keeps the goal across restarts, replaces it on edit and clears it', async () => {
    const goal = createGoal(stated, start);
    await createGoalStore({ stateDir: dir }).write(goal);
    expect(await createGoalStore({ stateDir: dir }).read()).toEqual(goal);
    await createGoalStore({ stateDir: dir }).write({ ...goal, monthlyUsd: 250 });
    expect((await createGoalStore({ stateDir: dir }).read())?.monthlyUsd).toBe(250);
    await createGoalStore({ stateDir: dir }).clear();
    expect(await createGoalStore({ stateDir: dir }).read()).toBeNull();
  });

  it('refuses a damaged goal file instead of reading it as "no goal"', async () => {
    const store = createGoalStore({ stateDir: dir });
    await store.write(createGoal(stated, start));
    writeFileSync(store.path, '{"schemaVersion":1,"payload":');
    await expect(createGoalStore({ stateDir: dir }).read()).rejects.toBeInstanceOf(StateCorruptError);
  });
});
