import { type CalendarPeriod, isoDateToUtcMs } from '@dalio-lite/core';

const DAY_MS = 86_400_000;

/** Whole days since the epoch of an ISO date; differences equal core's `daysBetween` exactly. */
export function dayNumber(date: string): number {
  return isoDateToUtcMs(date) / DAY_MS;
}

/** `dayNumber` without re-validating: for dates a price table has already checked (hot path of every replay). */
function trustedDayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/** A number that is equal for two dates exactly when core's `periodKey` is equal for them. */
export function periodNumber(date: string, period: CalendarPeriod): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (period === 'yearly') return year;
  if (period === 'quarterly') return year * 4 + Math.ceil(month / 3);
  return year * 12 + month;
}

/** Day numbers and calendar-period numbers of every date, computed once so the daily loop only compares numbers. */
export interface ReplayCalendar {
  dayNumbers: Float64Array;
  /** Empty when the policy has no calendar. */
  periodNumbers: Float64Array;
}

/** Precompute the replay calendar for a date axis. */
export function createReplayCalendar(
  dates: readonly string[],
  period: CalendarPeriod | null,
): ReplayCalendar {
  const dayNumbers = new Float64Array(dates.length);
  const periodNumbers = new Float64Array(period === null ? 0 : dates.length);
  for (let i = 0; i < dates.length; i++) {
    const date = dates[i] as string;
    dayNumbers[i] = trustedDayNumber(date);
    if (period !== null) periodNumbers[i] = periodNumber(date, period);
  }
  return { dayNumbers, periodNumbers };
}
