import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { niceTicks } from './nice-ticks.ts';
import { formatPercentTick, formatUsdTick } from './tick-labels.ts';

describe('formatUsdTick', () => {
  it.each([
    [0, 50_000, '$0'],
    [50_000, 50_000, '$50k'],
    [100_000, 50_000, '$100k'],
    [750_000, 250_000, '$750k'],
    [1_000_000, 250_000, '$1M'],
    [1_200_000, 200_000, '$1.2M'],
    [1_250_000, 250_000, '$1.25M'],
    [2_500, 500, '$2.5k'],
    [500, 100, '$500'],
    [1_500_000_000, 500_000_000, '$1.5B'],
    [-50_000, 50_000, '−$50k'],
  ])('%d (ticks every %d) reads %s', (value, step, label) => {
    expect(formatUsdTick(value, step)).toBe(label);
  });
});

describe('formatPercentTick', () => {
  it.each([
    [0, 5, '0 %'],
    [-5, 5, '−5 %'],
    [-10, 5, '−10 %'],
    [-2.5, 2.5, '−2.5 %'],
    [-0.5, 0.5, '−0.5 %'],
    [12.5, 2.5, '12.5 %'],
  ])('%d (ticks every %d) reads %s', (value, step, label) => {
    expect(formatPercentTick(value, step)).toBe(label);
  });
});

describe('tick labels on a nice axis', () => {
  it('never repeat: every tick of an axis reads differently', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e10, noNaN: true }),
        fc.double({ min: 1, max: 1e10, noNaN: true }),
        fc.integer({ min: 2, max: 10 }),
        (min, range, count) => {
          const { ticks, step } = niceTicks(min, min + range, count);
          const usd = ticks.map((t) => formatUsdTick(t, step));
          const pct = ticks.map((t) => formatPercentTick(-t, step));
          expect(new Set(usd).size).toBe(ticks.length);
          expect(new Set(pct).size).toBe(ticks.length);
        },
      ),
    );
  });
});
