import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { niceTicks, stepDecimals } from './nice-ticks.ts';

describe('niceTicks', () => {
  it.each([
    // An equity curve from $95k to $820k: every $100k.
    [95_000, 820_000, 6, [100_000, 200_000, 300_000, 400_000, 500_000, 600_000, 700_000, 800_000]],
    // A drawdown down to −33.7 %: 0, −10, −20, −30.
    [-33.7, 0, 4, [-30, -20, -10, 0]],
    [-12, 0, 3, [-10, -5, 0]],
    [0, 12, 5, [0, 2.5, 5, 7.5, 10, 12.5].filter((t) => t <= 12)],
    [0, 11, 5, [0, 2, 4, 6, 8, 10]],
    [0, 0.3, 3, [0, 0.1, 0.2, 0.3]],
  ])('from %d to %d in about %d steps: %j', (min, max, count, ticks) => {
    expect(niceTicks(min, max, count).ticks).toEqual(ticks);
  });

  it('prints multiples of small steps exactly and never yields −0', () => {
    expect(niceTicks(0.1, 0.7, 6).ticks.map(String)).toEqual([
      '0.1',
      '0.2',
      '0.3',
      '0.4',
      '0.5',
      '0.6',
      '0.7',
    ]);
    const { ticks } = niceTicks(-1, 1, 2);
    expect(ticks).toEqual([-1, 0, 1]);
    expect(Object.is(ticks[1], -0)).toBe(false);
  });

  it('gives round steps (1, 2, 2.5 or 5 × 10^k) and about the asked number of ticks, all inside the range', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        fc.integer({ min: 2, max: 12 }),
        (min, range, count) => {
          const max = min + range;
          // Below a billionth of the value, doubles cannot tell the ticks apart; that case only has to end.
          fc.pre(max > min && range > Math.abs(min) * 1e-9);
          const { ticks, step } = niceTicks(min, max, count);
          const mantissa = step / 10 ** Math.floor(Math.log10(step));
          expect([1, 2, 2.5, 5].some((m) => Math.abs(m - mantissa) < 1e-9)).toBe(true);
          expect(ticks.length).toBeGreaterThanOrEqual(count >= 3 ? 2 : 1);
          expect(ticks.length).toBeLessThanOrEqual(Math.ceil(count * Math.SQRT2) + 1);
          for (const tick of ticks) {
            expect(tick).toBeGreaterThanOrEqual(min - step * 1e-6);
            expect(tick).toBeLessThanOrEqual(max + step * 1e-6);
            expect(Math.abs(tick / step - Math.round(tick / step))).toBeLessThan(1e-6);
          }
          ticks.slice(1).forEach((tick, k) => {
            expect(tick - (ticks[k] ?? Number.NaN)).toBeCloseTo(step, 6);
          });
        },
      ),
    );
  });

  it('ends on a range too narrow for doubles to resolve at its magnitude', () => {
    expect(niceTicks(-1e9, -1e9 + 1e-6, 5).ticks.length).toBeLessThanOrEqual(8);
  });

  it('places one tick on a single value', () => {
    expect(niceTicks(100, 100, 5).ticks).toEqual([100]);
  });

  it.each([
    [1, 0, 5, /max 0 is below min 1/],
    [Number.NaN, 1, 5, /finite/],
    [0, Number.POSITIVE_INFINITY, 5, /finite/],
    [0, 1, 0, /count must be a whole number ≥ 1, got 0/],
  ])('rejects niceTicks(%d, %d, %d)', (min, max, count, message) => {
    expect(() => niceTicks(min, max, count)).toThrow(message);
  });
});

describe('stepDecimals', () => {
  it.each([
    [0.25, 2],
    [2.5, 1],
    [50, 0],
    [0.1, 1],
    [0.001, 3],
    [1_000_000, 0],
  ])('a step of %d needs %d decimals', (step, decimals) => {
    expect(stepDecimals(step)).toBe(decimals);
  });

  it('rejects a step that is not positive', () => {
    expect(() => stepDecimals(0)).toThrow(/step must be > 0, got 0/);
  });
});
