import { describe, expect, test } from 'vitest';
import { closestMatch } from './did-you-mean.ts';

describe('closestMatch', () => {
  const keys = ['absoluteBandPct', 'relativeBandPct', 'calendar', 'minDaysBetween'];

  test('finds a typo', () => {
    expect(closestMatch('calender', keys)).toBe('calendar');
  });

  test('finds snake_case and other casing', () => {
    expect(closestMatch('relative_band_pct', keys)).toBe('relativeBandPct');
    expect(closestMatch('MINDAYSBETWEEN', keys)).toBe('minDaysBetween');
  });

  test('finds a name typed without its unit suffix', () => {
    expect(closestMatch('cash', ['cashUsd', 'positions', 'pricesUsd', 'lastRebalance'])).toBe('cashUsd');
    expect(closestMatch('minDays', keys)).toBe('minDaysBetween');
  });

  test('suggests nothing for an unrelated word', () => {
    expect(closestMatch('telegram', keys)).toBeNull();
  });
});
