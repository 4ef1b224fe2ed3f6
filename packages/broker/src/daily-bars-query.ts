import { SYMBOL_PATTERN } from '@dalio-lite/core';
import type { DailyBarsQuery } from './broker.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(text: string): boolean {
  return DATE.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

/** Check a daily-bars query before it reaches a broker; returns its symbols deduplicated and sorted. */
export function checkDailyBarsQuery(query: DailyBarsQuery): string[] {
  const { start, end } = query;
  if (!isDate(start)) throw new RangeError(`daily bars: start "${start}" is not a date, use YYYY-MM-DD`);
  if (!isDate(end)) throw new RangeError(`daily bars: end "${end}" is not a date, use YYYY-MM-DD`);
  if (start > end) throw new RangeError(`daily bars: start ${start} is after end ${end}`);
  if (query.symbols.length === 0) throw new RangeError('daily bars: no symbols, give at least one');
  for (const symbol of query.symbols) {
    if (!SYMBOL_PATTERN.test(symbol))
      throw new RangeError(`daily bars: "${symbol}" is not a symbol such as VTI`);
  }
  return [...new Set(query.symbols)].sort();
}
