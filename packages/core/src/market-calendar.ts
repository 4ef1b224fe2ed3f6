import { isoDateToUtcMs } from './calendar-dates.ts';

/** One NYSE regular session: the date and its open and close as New York wall-clock times (`HH:MM`). */
export interface MarketSession {
  date: string;
  openEt: string;
  closeEt: string;
}

const DAY_MS = 86_400_000;
const REGULAR_OPEN_ET = '09:30';
const REGULAR_CLOSE_ET = '16:00';
const EARLY_CLOSE_ET = '13:00';

// Closures that no rule produces: national days of mourning, 9/11, Hurricane Sandy.
const ONE_OFF_CLOSURES: ReadonlySet<string> = new Set([
  '1994-04-27',
  '2001-09-11',
  '2001-09-12',
  '2001-09-13',
  '2001-09-14',
  '2004-06-11',
  '2007-01-02',
  '2012-10-29',
  '2012-10-30',
  '2018-12-05',
  '2025-01-09',
]);

const holidayCache = new Map<number, ReadonlySet<string>>();

function isoFromUtc(year: number, monthIndex: number, day: number): string {
  return new Date(Date.UTC(year, monthIndex, day)).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(isoDateToUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(isoDateToUtcMs(date)).getUTCDay();
}

/** The n-th given weekday of a month (n = -1 for the last one). */
function nthWeekday(year: number, monthIndex: number, dayOfWeek: number, n: number): string {
  if (n > 0) {
    const first = new Date(Date.UTC(year, monthIndex, 1)).getUTCDay();
    return isoFromUtc(year, monthIndex, 1 + ((dayOfWeek - first + 7) % 7) + (n - 1) * 7);
  }
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  const back = (lastDay.getUTCDay() - dayOfWeek + 7) % 7;
  return isoFromUtc(year, monthIndex, lastDay.getUTCDate() - back);
}

/** Western Easter Sunday (anonymous Gregorian algorithm). */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoFromUtc(year, month - 1, day);
}

/** A fixed-date holiday moved to Friday when on Saturday and to Monday when on Sunday. */
function observed(date: string): string {
  const dow = weekday(date);
  if (dow === 6) return addDays(date, -1);
  if (dow === 0) return addDays(date, 1);
  return date;
}

function holidaysOf(year: number): ReadonlySet<string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const days = new Set<string>();
  // New Year's Day on a Saturday is not moved back into the old year: NYSE stays open on Dec 31.
  const newYear = isoFromUtc(year, 0, 1);
  if (weekday(newYear) !== 6) days.add(observed(newYear));
  if (year >= 1998) days.add(nthWeekday(year, 0, 1, 3));
  days.add(nthWeekday(year, 1, 1, 3));
  days.add(addDays(easterSunday(year), -2));
  days.add(nthWeekday(year, 4, 1, -1));
  if (year >= 2022) days.add(observed(isoFromUtc(year, 5, 19)));
  days.add(observed(isoFromUtc(year, 6, 4)));
  days.add(nthWeekday(year, 8, 1, 1));
  days.add(nthWeekday(year, 10, 4, 4));
  days.add(observed(isoFromUtc(year, 11, 25)));
  holidayCache.set(year, days);
  return days;
}

/** True when the NYSE holds a regular session on this ISO date (`YYYY-MM-DD`). */
export function isTradingDay(date: string): boolean {
  const dow = weekday(date);
  if (dow === 0 || dow === 6) return false;
  if (ONE_OFF_CLOSURES.has(date)) return false;
  return !holidaysOf(Number(date.slice(0, 4))).has(date);
}

function isEarlyClose(date: string): boolean {
  const monthDay = date.slice(5);
  if (monthDay === '07-03' || monthDay === '12-24') return true;
  const year = Number(date.slice(0, 4));
  return date === addDays(nthWeekday(year, 10, 4, 4), 1);
}

/** The session on a date, or null when the market is closed all day; half days close at 13:00 ET. */
export function marketSession(date: string): MarketSession | null {
  if (!isTradingDay(date)) return null;
  return { date, openEt: REGULAR_OPEN_ET, closeEt: isEarlyClose(date) ? EARLY_CLOSE_ET : REGULAR_CLOSE_ET };
}

/** The first trading day strictly after `date`. */
export function nextTradingDay(date: string): string {
  let day = addDays(date, 1);
  while (!isTradingDay(day)) day = addDays(day, 1);
  return day;
}

/** The last trading day strictly before `date`. */
export function previousTradingDay(date: string): string {
  let day = addDays(date, -1);
  while (!isTradingDay(day)) day = addDays(day, -1);
  return day;
}

/** Every trading day from `fromInclusive` to `toInclusive`, oldest first (empty when the range is empty). */
export function tradingDaysBetween(fromInclusive: string, toInclusive: string): string[] {
  const days: string[] = [];
  const endMs = isoDateToUtcMs(toInclusive);
  for (let day = fromInclusive; isoDateToUtcMs(day) <= endMs; day = addDays(day, 1)) {
    if (isTradingDay(day)) days.push(day);
  }
  return days;
}

const newYorkParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The New York wall clock at an instant, read as if it were UTC (whole seconds). */
function formattedWallClockMs(instantMs: number): number {
  const parts: Record<string, string> = {};
  for (const part of newYorkParts.formatToParts(new Date(instantMs))) parts[part.type] = part.value;
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
}

const HOUR_MS = 3_600_000;
/** New York's offset from UTC by UTC hour: it changes only on whole UTC hours (DST switches at 2:00 local). */
const offsetByUtcHour = new Map<number, number>();
const MAX_OFFSETS_KEPT = 100_000;

/**
 * The New York wall clock at an instant, as milliseconds read as if it were UTC. Formatting a date with a time
 * zone costs microseconds; a trading day asks for this hundreds of times, so the offset is remembered per hour.
 */
function wallClockMs(instantMs: number): number {
  const hour = Math.floor(instantMs / HOUR_MS);
  let offsetMs = offsetByUtcHour.get(hour);
  if (offsetMs === undefined) {
    if (offsetByUtcHour.size >= MAX_OFFSETS_KEPT) offsetByUtcHour.clear();
    offsetMs = formattedWallClockMs(hour * HOUR_MS) - hour * HOUR_MS;
    offsetByUtcHour.set(hour, offsetMs);
  }
  return instantMs + offsetMs;
}

function toInstantMs(instant: Date | string): number {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`"${String(instant)}" is not a valid instant`);
  return ms;
}

/** The calendar date (`YYYY-MM-DD`) in America/New_York at an instant. */
export function newYorkDate(instant: Date | string): string {
  return new Date(wallClockMs(toInstantMs(instant))).toISOString().slice(0, 10);
}

/** The UTC instant of a New York wall-clock time (`HH:MM` or `HH:MM:SS`) on a date, DST-correct. */
export function newYorkInstant(date: string, timeEt: string): Date {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(timeEt);
  if (!match) throw new RangeError(`"${timeEt}" is not a time, use HH:MM`);
  const wallMs =
    isoDateToUtcMs(date) + (Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0)) * 1000;
  // Two passes settle the offset even when the first guess lands on the other side of a DST switch.
  let guess = wallMs;
  for (let pass = 0; pass < 2; pass += 1) guess = wallMs - (wallClockMs(guess) - guess);
  return new Date(guess);
}
