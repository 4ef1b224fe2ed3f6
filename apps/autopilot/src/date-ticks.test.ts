import { describe, expect, it } from 'vitest';
import { type DateTick, dateTicks } from './date-ticks.ts';

/** Weekdays from `from` to `to`, less `holidays`: stand-in trading days. */
function tradingDays(from: string, to: string, holidays: readonly string[] = []): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const date = new Date(t);
    const iso = date.toISOString().slice(0, 10);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6 && !holidays.includes(iso)) days.push(iso);
  }
  return days;
}

const atMost = (count: number) => (ticks: readonly DateTick[]) => ticks.length <= count;
const labels = (ticks: readonly DateTick[]) => ticks.map((t) => t.label);

describe('dateTicks', () => {
  const fifteenYears = tradingDays('2010-01-04', '2025-09-26');

  it('marks every second year over fifteen years when eight labels fit, each on its first trading day', () => {
    const ticks = dateTicks(fifteenYears, atMost(8));
    expect(labels(ticks)).toEqual(['2010', '2012', '2014', '2016', '2018', '2020', '2022', '2024']);
    for (const tick of ticks) expect(fifteenYears[tick.index]?.slice(0, 4)).toBe(tick.label);
    for (const tick of ticks) expect(fifteenYears[tick.index - 1]?.slice(0, 4)).not.toBe(tick.label);
  });

  it('steps to every five years on a narrow axis', () => {
    expect(labels(dateTicks(fifteenYears, atMost(4)))).toEqual(['2010', '2015', '2020', '2025']);
  });

  it('marks months over a short range, with the year on the first and on January', () => {
    const days = tradingDays('2023-10-16', '2024-03-29');
    expect(labels(dateTicks(days, atMost(8)))).toEqual(['Nov 2023', 'Dec', '2024', 'Feb', 'Mar']);
  });

  it('does not mark the period a range starts in the middle of', () => {
    const days = tradingDays('2024-03-11', '2024-09-30');
    expect(labels(dateTicks(days, atMost(8)))[0]).toBe('Apr 2024');
  });

  it('marks weeks over a few weeks', () => {
    const days = tradingDays('2024-03-04', '2024-03-29');
    expect(labels(dateTicks(days, atMost(6)))).toEqual(['Mar 4', 'Mar 11', 'Mar 18', 'Mar 25']);
  });

  it('puts a year tick on the first trading day after a holiday', () => {
    const days = tradingDays('2023-06-01', '2024-06-28', ['2024-01-01']);
    const ticks = dateTicks(days, atMost(1));
    expect(ticks).toEqual([{ index: days.indexOf('2024-01-02'), label: '2024' }]);
  });

  it('falls back to the coarsest interval when the axis takes none', () => {
    expect(labels(dateTicks(fifteenYears, () => false))).toEqual([]);
  });
});
