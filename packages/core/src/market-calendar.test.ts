import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isTradingDay,
  marketSession,
  newYorkDate,
  newYorkInstant,
  nextTradingDay,
  previousTradingDay,
  tradingDaysBetween,
} from './market-calendar.ts';

function spyDates(): string[] {
  const text = readFileSync(new URL('../../market-data/data/prices/SPY.csv', import.meta.url), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.slice(0, 10));
}

describe('isTradingDay', () => {
  it.each([
    ['2025-01-01', 'New Year'],
    ['2022-01-17', 'MLK'],
    ['2024-02-19', 'Presidents'],
    ['2024-03-29', 'Good Friday'],
    ['2024-05-27', 'Memorial'],
    ['2023-06-19', 'Juneteenth'],
    ['2022-06-20', 'Juneteenth observed Monday'],
    ['2020-07-03', 'Independence observed Friday'],
    ['2021-07-05', 'Independence observed Monday'],
    ['2024-09-02', 'Labor'],
    ['2024-11-28', 'Thanksgiving'],
    ['2022-12-26', 'Christmas observed Monday'],
    ['2021-12-24', 'Christmas observed Friday'],
    ['2001-09-12', '9/11'],
    ['2012-10-30', 'Sandy'],
    ['2025-01-09', 'Carter'],
    ['2024-03-16', 'Saturday'],
  ])('%s is closed (%s)', (date) => {
    expect(isTradingDay(date)).toBe(false);
  });

  it.each([
    ['2021-06-18', 'Juneteenth before 2022'],
    ['2021-12-31', 'New Year on a Saturday is not observed on Friday'],
    ['1997-01-20', 'MLK before 1998'],
    ['2024-03-15', 'ordinary Friday'],
  ])('%s is open (%s)', (date) => {
    expect(isTradingDay(date)).toBe(true);
  });

  it('agrees with every date of the shipped SPY history, with no trading day missing', () => {
    const dates = spyDates();
    expect(dates.length).toBeGreaterThan(8000);
    expect(dates.filter((date) => !isTradingDay(date))).toEqual([]);
    expect(tradingDaysBetween(dates[0] ?? '', dates.at(-1) ?? '')).toEqual(dates);
  });
});

describe('marketSession', () => {
  it('closes at 13:00 on half days and 16:00 otherwise', () => {
    expect(marketSession('2024-07-03')).toEqual({ date: '2024-07-03', openEt: '09:30', closeEt: '13:00' });
    expect(marketSession('2024-11-29')?.closeEt).toBe('13:00');
    expect(marketSession('2024-12-24')?.closeEt).toBe('13:00');
    expect(marketSession('2024-12-23')?.closeEt).toBe('16:00');
    expect(marketSession('2024-12-25')).toBeNull();
  });
});

describe('next and previous trading day', () => {
  it('skips weekends and holidays', () => {
    expect(nextTradingDay('2024-03-28')).toBe('2024-04-01');
    expect(previousTradingDay('2024-04-01')).toBe('2024-03-28');
    expect(nextTradingDay('2024-12-31')).toBe('2025-01-02');
  });
  it('returns an empty range when the range is reversed', () => {
    expect(tradingDaysBetween('2024-03-18', '2024-03-15')).toEqual([]);
  });
});

describe('New York time', () => {
  it('converts wall-clock times across DST', () => {
    expect(newYorkInstant('2024-03-15', '09:30').toISOString()).toBe('2024-03-15T13:30:00.000Z');
    expect(newYorkInstant('2024-01-15', '16:00').toISOString()).toBe('2024-01-15T21:00:00.000Z');
    expect(newYorkInstant('2024-03-10', '12:00').toISOString()).toBe('2024-03-10T16:00:00.000Z');
    expect(newYorkInstant('2024-11-03', '12:00').toISOString()).toBe('2024-11-03T17:00:00.000Z');
  });
  it('gives the New York date of an instant', () => {
    expect(newYorkDate('2024-03-16T03:00:00Z')).toBe('2024-03-15');
    expect(newYorkDate(new Date('2024-03-16T05:00:00Z'))).toBe('2024-03-16');
    expect(() => newYorkDate('nonsense')).toThrow(/not a valid instant/);
  });
  it('agrees with the time zone database at any instant, including either side of every DST switch', () => {
    const newYork = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/New_York',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    const switches = [Date.UTC(2024, 2, 10, 7), Date.UTC(2024, 10, 3, 6), Date.UTC(2007, 2, 11, 7)];
    const instants = fc.oneof(
      fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2045, 0, 1) }),
      fc.constantFrom(...switches).chain((at) => fc.integer({ min: at - 2_000, max: at + 2_000 })),
    );
    fc.assert(
      fc.property(instants, (ms) => {
        const [date, time] = newYork.format(new Date(ms)).split(', ') as [string, string];
        expect(newYorkDate(new Date(ms))).toBe(date);
        // Back from the wall clock to the instant, to the minute (a time in the repeated autumn hour may be either).
        const back = newYorkInstant(date, time).getTime();
        const minute = Math.floor(ms / 60_000) * 60_000;
        if (time.startsWith('01:')) expect([minute, minute - 3_600_000, minute + 3_600_000]).toContain(back);
        else expect(back).toBe(minute);
      }),
      { numRuns: 2_000 },
    );
  });
});
