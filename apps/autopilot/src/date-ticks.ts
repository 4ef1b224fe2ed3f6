/**
 * Ticks for a date axis of trading days, at round calendar intervals: every 1, 2, 5, 10 … years over long
 * ranges, every 1, 2, 3 or 6 months (or weeks) over short ones. A tick sits on the first trading day of its
 * period, since the period's first calendar day is often a holiday or a weekend.
 */

/** A labelled position on a date axis: `index` into the dates. */
export interface DateTick {
  index: number;
  label: string;
}

type Unit = 'week' | 'month' | 'year';

/** Intervals from finest to coarsest. */
const INTERVALS: readonly { unit: Unit; every: number }[] = [
  { unit: 'week', every: 1 },
  { unit: 'week', every: 2 },
  { unit: 'month', every: 1 },
  { unit: 'month', every: 2 },
  { unit: 'month', every: 3 },
  { unit: 'month', every: 6 },
  ...[1, 2, 5, 10, 20, 25, 50, 100].map((every) => ({ unit: 'year' as const, every })),
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const DAY_MS = 86_400_000;

/**
 * Ticks at the finest round interval that `accept` takes (the caller knows the room on its axis), or at the
 * coarsest one when it takes none. `dates` are ISO `YYYY-MM-DD` trading days in order.
 */
export function dateTicks(
  dates: readonly string[],
  accept: (ticks: readonly DateTick[]) => boolean,
): DateTick[] {
  let ticks: DateTick[] = [];
  for (const interval of INTERVALS) {
    ticks = ticksEvery(dates, interval.unit, interval.every);
    if (accept(ticks)) return ticks;
  }
  return ticks;
}

function ticksEvery(dates: readonly string[], unit: Unit, every: number): DateTick[] {
  const ticks: DateTick[] = [];
  let previous: number | undefined;
  dates.forEach((date, index) => {
    const period = periodOf(date, unit);
    // The first date opens a period only if it is near the period's start; otherwise its period began earlier.
    const opens = previous === undefined ? startsPeriod(date, unit) : period !== previous;
    previous = period;
    if (!opens || period % every !== 0) return;
    ticks.push({ index, label: labelOf(date, unit, ticks.length === 0) });
  });
  return ticks;
}

/** A running number of the period a date falls in: the year, a month count, or a Monday-based week count. */
function periodOf(date: string, unit: Unit): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1;
  if (unit === 'year') return year;
  if (unit === 'month') return year * 12 + month;
  // 1970-01-01 was a Thursday: shifting by 3 days makes weeks run Monday to Sunday.
  return Math.floor((Date.parse(`${date}T00:00:00Z`) / DAY_MS + 3) / 7);
}

function startsPeriod(date: string, unit: Unit): boolean {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (unit === 'year') return month === 1 && day <= 7;
  if (unit === 'month') return day <= 7;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 1 || weekday === 2;
}

function labelOf(date: string, unit: Unit, first: boolean): string {
  const year = date.slice(0, 4);
  const month = MONTHS[Number(date.slice(5, 7)) - 1] ?? '';
  if (unit === 'year') return year;
  if (unit === 'month') {
    if (month === 'Jan') return year;
    return first ? `${month} ${year}` : month;
  }
  return `${month} ${Number(date.slice(8, 10))}`;
}
