/** Whole calendar days from `fromDate` to `toDate` (ISO `YYYY-MM-DD`); negative when `toDate` is earlier. */
export function daysBetween(fromDate: string, toDate: string): number {
  return Math.round((isoDateToUtcMs(toDate) - isoDateToUtcMs(fromDate)) / 86_400_000);
}

/** Milliseconds since the epoch of midnight UTC on an ISO date; throws on a malformed date. */
export function isoDateToUtcMs(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`"${date}" is not a date, use YYYY-MM-DD`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const ms = Date.UTC(year, month - 1, day);
  // Rolled-over days or months, and years 0–99 (which Date.UTC reads as 1900–1999), do not read back the same.
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    throw new RangeError(`"${date}" is not a real calendar date`);
  return ms;
}

/** The calendar period an ISO date falls in, for calendar rebalancing. */
export type CalendarPeriod = 'monthly' | 'quarterly' | 'yearly';

/** A key that is equal for two dates in the same period (e.g. `2025-Q3`). */
export function periodKey(date: string, period: CalendarPeriod): string {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  if (period === 'yearly') return year;
  if (period === 'quarterly') return `${year}-Q${Math.ceil(month / 3)}`;
  return date.slice(0, 7);
}
