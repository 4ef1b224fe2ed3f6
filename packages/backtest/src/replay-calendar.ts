import { type CalendarPeriod, isoDateToUtcMs, type RebalancePolicy } from '@dalio-lite/core';

const DAY_MS = 86_400_000;

/** Whole days since the epoch of an ISO date; differences equal core's `daysBetween` exactly. */
export function dayNumber(date: string): number {
  return isoDateToUtcMs(date) / DAY_MS;
}

/** Digit `at` of a string, as a number (no substring, no allocation). */
function digit(date: string, at: number): number {
  return date.charCodeAt(at) - 48;
}

function yearOf(date: string): number {
  return digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
}

function monthOf(date: string): number {
  return digit(date, 5) * 10 + digit(date, 6);
}

/**
 * `dayNumber` without re-validating or allocating, for dates a price table has already checked (after every
 * rebalance of every replay): days from 1970-01-01 by the proleptic Gregorian civil-calendar formula, in integers.
 */
export function rowDayNumber(date: string): number {
  const year = yearOf(date);
  const month = monthOf(date);
  const day = digit(date, 8) * 10 + digit(date, 9);
  // Years start in March so the leap day ends a year; eras are 400-year cycles of 146,097 days.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** A number that is equal for two dates exactly when core's `periodKey` is equal for them. */
export function periodNumber(date: string, period: CalendarPeriod): number {
  const year = yearOf(date);
  const month = monthOf(date);
  if (period === 'yearly') return year;
  if (period === 'quarterly') return year * 4 + Math.ceil(month / 3);
  return year * 12 + month;
}

/** The first row in `[from, dates.length)` for which `after` holds, given that it holds for every later row too. */
function firstRowWhere(dates: readonly string[], from: number, after: (date: string) => boolean): number {
  let low = from;
  let high = dates.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (after(dates[middle] as string)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The first row from `from` on whose date is at least `minDays` calendar days after day number `lastDay`
 * (NaN: no rebalance yet, so `from`). Rows are sorted, so every later row is as far or further.
 */
function firstRowAfterDays(dates: readonly string[], from: number, lastDay: number, minDays: number): number {
  if (Number.isNaN(lastDay)) return from;
  return firstRowWhere(dates, from, (date) => rowDayNumber(date) - lastDay >= minDays);
}

/**
 * The first row from `from` on in another calendar period than `lastPeriod` (NaN: none yet, so `from`). Every
 * row before it is in `lastPeriod`; rows after it may not all be (a last rebalance dated after the prices),
 * which only makes the replay ask core on a day it did not need to.
 */
function firstRowOfOtherPeriod(
  dates: readonly string[],
  from: number,
  lastPeriod: number,
  period: CalendarPeriod,
): number {
  const first = dates[from];
  if (first === undefined || periodNumber(first, period) !== lastPeriod) return from;
  return firstRowWhere(dates, from, (date) => periodNumber(date, period) > lastPeriod);
}

/** The calendar side of core's policy as row indexes: the daily loop compares `t` with them and parses no date. */
export interface ReplayGates {
  /** The first row the minimum days since the last rebalance allow a trade on. */
  eligibleRow: number;
  /** The first row of a calendar period not rebalanced yet; the row count when the policy has no calendar. */
  periodRow: number;
  /** Move the gates after a rebalance decided on row `t`. */
  rebalanced(t: number): void;
}

/**
 * Gates for a replay over `dates` whose last rebalance was on `lastRebalanceDay` (or never). Each move is a
 * binary search over the rows after the rebalance, so the daily loop itself never parses a date.
 */
export function createReplayGates(
  dates: readonly string[],
  policy: RebalancePolicy,
  lastRebalanceDay: string | null,
): ReplayGates {
  const { calendar, minDaysBetween } = policy;
  let lastPeriod =
    lastRebalanceDay === null || calendar === null ? Number.NaN : periodNumber(lastRebalanceDay, calendar);
  const lastDay = lastRebalanceDay === null ? Number.NaN : dayNumber(lastRebalanceDay);
  const gates: ReplayGates = {
    eligibleRow: firstRowAfterDays(dates, 0, lastDay, minDaysBetween),
    periodRow: calendar === null ? dates.length : firstRowOfOtherPeriod(dates, 0, lastPeriod, calendar),
    rebalanced(t) {
      const date = dates[t] as string;
      gates.eligibleRow = firstRowAfterDays(dates, t + 1, rowDayNumber(date), minDaysBetween);
      if (calendar === null) return;
      const period = periodNumber(date, calendar);
      // Another rebalance in the period already scanned leaves its end where it was.
      if (period === lastPeriod) return;
      lastPeriod = period;
      gates.periodRow = firstRowOfOtherPeriod(dates, t + 1, period, calendar);
    },
  };
  return gates;
}
