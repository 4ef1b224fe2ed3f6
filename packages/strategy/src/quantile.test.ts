import { describe, expect, it } from 'vitest';
import { quantileOfSorted } from './quantile.ts';

describe('quantileOfSorted', () => {
  it('interpolates between the nearest ranks, as R and NumPy do by default', () => {
    const values = [10, 20, 30, 40, 50];
    expect(quantileOfSorted(values, 0)).toBe(10);
    expect(quantileOfSorted(values, 0.5)).toBe(30);
    expect(quantileOfSorted(values, 0.1)).toBe(14);
    expect(quantileOfSorted(values, 0.9)).toBe(46);
    expect(quantileOfSorted(values, 1)).toBe(50);
    expect(quantileOfSorted([7], 0.25)).toBe(7);
    expect(() => quantileOfSorted([], 0.5)).toThrow(RangeError);
  });
});
