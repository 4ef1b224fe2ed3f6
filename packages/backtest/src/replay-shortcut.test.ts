import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveBacktestSettings } from './backtest-settings.ts';
import { createPriceTable, type PriceTable } from './price-table.ts';
import { replayBacktest } from './replay.ts';

/** Weekday dates from 2020-01-01, enough for a few calendar periods. */
function weekdays(count: number): string[] {
  const dates: string[] = [];
  for (let ms = Date.UTC(2020, 0, 1); dates.length < count; ms += 86_400_000) {
    const day = new Date(ms).getUTCDay();
    if (day !== 0 && day !== 6) dates.push(new Date(ms).toISOString().slice(0, 10));
  }
  return dates;
}

function randomWalk(returns: readonly number[], start: number): number[] {
  const prices = [start];
  for (const r of returns) prices.push((prices.at(-1) as number) * (1 + r));
  return prices;
}

const policyArb = fc.record({
  absoluteBand: fc.option(fc.constantFrom(0.01, 0.02, 0.05, 0.1), { nil: null }),
  relativeBand: fc.option(fc.constantFrom(0.05, 0.1, 0.25), { nil: null }),
  calendar: fc.option(fc.constantFrom('monthly' as const, 'quarterly' as const, 'yearly' as const), {
    nil: null,
  }),
  minDaysBetween: fc.constantFrom(0, 1, 7, 30, 90),
});

function pricesFrom(days: number, paths: number[][]): PriceTable {
  const dates = weekdays(days);
  const prices: Record<string, number[]> = {};
  ['AAA', 'BBB', 'CCC'].forEach((symbol, i) => {
    prices[symbol] = randomWalk((paths[i] as number[]).slice(0, days - 1), 50 + 25 * i);
  });
  return createPriceTable({ dates, prices });
}

/** Daily returns of the three symbols, each within ±`maxMove`. */
function pathsArb(days: number, maxMove: number): fc.Arbitrary<number[][]> {
  const path = fc.array(fc.double({ min: -maxMove, max: maxMove, noNaN: true }), {
    minLength: days,
    maxLength: days,
  });
  return fc.array(path, { minLength: 3, maxLength: 3 });
}

describe('the when-needed shortcut', () => {
  it('makes exactly the decisions of calling core every day (property)', () => {
    const days = 260;
    fc.assert(
      fc.property(
        pathsArb(days, 0.06),
        policyArb,
        fc.record({
          minTradeUsd: fc.constantFrom(0, 100, 1000),
          feePerOrderUsd: fc.constantFrom(0, 1),
          slippageBps: fc.constantFrom(0, 5),
          wholeShares: fc.boolean(),
          execution: fc.constantFrom('same-close' as const, 'next-close' as const),
        }),
        (paths, policy, costs) => {
          const prices = pricesFrom(days, paths);
          const settings = resolveBacktestSettings({
            targets: { AAA: 50, BBB: 30, CCC: 20 },
            policy,
            plan: { minTradeUsd: costs.minTradeUsd },
            feePerOrderUsd: costs.feePerOrderUsd,
            slippageBps: costs.slippageBps,
            wholeShares: costs.wholeShares,
            execution: costs.execution,
          });
          const fast = replayBacktest(prices, settings);
          const reference = replayBacktest(prices, settings, { evaluate: 'every-day' });
          expect(fast.rebalances).toEqual(reference.rebalances);
          expect(Array.from(fast.equityUsd)).toEqual(Array.from(reference.equityUsd));
          expect(reference.evaluations).toBe(days);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('makes exactly the decisions of calling core every day when continuing a replay (property)', () => {
    const days = 130;
    fc.assert(
      fc.property(
        pathsArb(days, 0.04),
        policyArb,
        // The last rebalance: before the prices, on one of their days, or (a stale state) after them.
        fc.constantFrom('2019-11-20', '2019-12-31', '2020-01-15', '2020-02-28', '2020-12-31'),
        fc.constantFrom('same-close' as const, 'next-close' as const),
        (paths, policy, lastRebalanceDay, execution) => {
          const prices = pricesFrom(days, paths);
          const settings = resolveBacktestSettings({
            targets: { AAA: 50, BBB: 30, CCC: 20 },
            policy,
            feePerOrderUsd: 1,
            slippageBps: 5,
            execution,
          });
          const options = {
            startQty: { AAA: 700, BBB: 200, CCC: 20 },
            startCashUsd: 2_000,
            lastRebalanceDay,
          };
          const fast = replayBacktest(prices, settings, options);
          const reference = replayBacktest(prices, settings, { ...options, evaluate: 'every-day' });
          expect(fast.rebalances).toEqual(reference.rebalances);
          expect(Array.from(fast.equityUsd)).toEqual(Array.from(reference.equityUsd));
          expect(fast.lastRebalanceDay).toBe(reference.lastRebalanceDay);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('skips core on most days of a calm market', () => {
    const days = 260;
    const flat = Array.from({ length: days }, (_, i) => (i % 2 === 0 ? 0.001 : -0.001));
    const prices = pricesFrom(days, [flat, flat, flat]);
    const settings = resolveBacktestSettings({ targets: { AAA: 50, BBB: 30, CCC: 20 } });
    const fast = replayBacktest(prices, settings);
    expect(fast.evaluations).toBeLessThan(days / 10);
    expect(fast.rebalances).toHaveLength(1);
  });
});
