import { daysBetween, periodKey } from '@dalio-lite/core';
import { describe, expect, it } from 'vitest';
import { createReplayGates, dayNumber, rowDayNumber } from './replay-calendar.ts';

/** Every calendar day from 1896-01-01 to 2104-12-31: leap years, century rules and the epoch included. */
function everyDay(): string[] {
  const dates: string[] = [];
  for (let ms = Date.UTC(1896, 0, 1); ms <= Date.UTC(2104, 11, 31); ms += 86_400_000)
    dates.push(new Date(ms).toISOString().slice(0, 10));
  return dates;
}

const policy = { absoluteBand: 0.05, relativeBand: null, minDaysBetween: 30 };

describe('the replay calendar', () => {
  const dates = everyDay();

  it('numbers every day exactly as core does, so day counts equal core`s daysBetween', () => {
    const first = dates[0] as string;
    const mismatches = dates.filter(
      (date) =>
        rowDayNumber(date) !== dayNumber(date) ||
        rowDayNumber(date) - rowDayNumber(first) !== daysBetween(first, date),
    );
    expect(mismatches).toEqual([]);
  });

  it('opens trading on the first row at least the minimum days after each rebalance', () => {
    const weekdays = dates.filter((date) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay()));
    const gates = createReplayGates(weekdays, { ...policy, calendar: null }, '1895-12-20');
    expect(weekdays[gates.eligibleRow]).toBe('1896-01-20');
    const friday = weekdays.indexOf('2024-02-02');
    gates.rebalanced(friday);
    expect(weekdays[gates.eligibleRow]).toBe('2024-03-04');
    expect(daysBetween('2024-02-02', weekdays[gates.eligibleRow - 1] as string)).toBeLessThan(30);
    expect(gates.periodRow).toBe(weekdays.length);
  });

  it.each(['monthly', 'quarterly', 'yearly'] as const)(
    'opens the next %s period on the first row where core`s period key changes',
    (period) => {
      const gates = createReplayGates(dates, { ...policy, minDaysBetween: 0, calendar: period }, null);
      expect(gates.periodRow).toBe(0);
      const mismatches: string[] = [];
      for (let t = 0; t < dates.length; t = gates.periodRow) {
        gates.rebalanced(t);
        const key = periodKey(dates[t] as string, period);
        const next = dates[gates.periodRow];
        if (periodKey(dates[gates.periodRow - 1] as string, period) !== key)
          mismatches.push(`${dates[t]} end`);
        if (next !== undefined && periodKey(next, period) === key) mismatches.push(`${dates[t]} next`);
        // A second rebalance inside the same period leaves the period's end in place.
        const end = gates.periodRow;
        gates.rebalanced(end - 1);
        if (gates.periodRow !== end) mismatches.push(`${dates[t]} moved`);
      }
      expect(mismatches).toEqual([]);
    },
  );
});
