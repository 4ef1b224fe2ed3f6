import { BacktestInputError } from './backtest-input-error.ts';

/**
 * Daily adjusted closes of several symbols on one shared date axis: `adjClose.get(symbol)[i]` is the close on
 * `dates[i]`. Same shape as market-data's `AlignedPrices`, so an aligned history can be passed as is.
 */
export interface PriceTable {
  dates: readonly string[];
  adjClose: ReadonlyMap<string, Float64Array>;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Build a validated table from plain arrays (for tests and scripts); throws BacktestInputError. */
export function createPriceTable(input: {
  dates: readonly string[];
  prices: Readonly<Record<string, ArrayLike<number>>>;
}): PriceTable {
  const adjClose = new Map<string, Float64Array>();
  for (const [symbol, values] of Object.entries(input.prices))
    adjClose.set(symbol, Float64Array.from(values));
  const table = { dates: [...input.dates], adjClose };
  validatePriceTable(table);
  return table;
}

/** Check that dates are real, sorted and unique and every price is a positive number on every date. */
export function validatePriceTable(
  table: PriceTable,
  symbols: readonly string[] = [...table.adjClose.keys()],
): void {
  const { dates } = table;
  if (dates.length === 0)
    throw new BacktestInputError('prices: no dates, give at least one day of prices', { field: 'dates' });
  for (let i = 0; i < dates.length; i++) {
    const date = dates[i] as string;
    if (!DATE_PATTERN.test(date) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) {
      throw new BacktestInputError(`prices: "${date}" is not a date, use YYYY-MM-DD`, { field: 'dates' });
    }
    const previous = dates[i - 1];
    if (previous !== undefined && date === previous) {
      throw new BacktestInputError(`prices: duplicate date ${date}, keep one row per day`, {
        field: 'dates',
      });
    }
    if (previous !== undefined && date < previous) {
      throw new BacktestInputError(
        `prices: dates out of order, ${date} comes after ${previous}; sort oldest first`,
        {
          field: 'dates',
        },
      );
    }
  }
  for (const symbol of symbols) {
    const series = table.adjClose.get(symbol);
    if (!series) {
      throw new BacktestInputError(
        `prices: no prices for symbol ${symbol}, add its history or remove it from the targets`,
        {
          field: `prices.${symbol}`,
        },
      );
    }
    if (series.length !== dates.length) {
      throw new BacktestInputError(
        `prices: ${symbol} has ${series.length} prices for ${dates.length} dates`,
        {
          field: `prices.${symbol}`,
        },
      );
    }
    for (let i = 0; i < series.length; i++) {
      const price = series[i] as number;
      if (!(price > 0) || !Number.isFinite(price)) {
        throw new BacktestInputError(
          `prices: ${symbol} on ${dates[i]} is ${price}, prices must be positive numbers`,
          {
            field: `prices.${symbol}`,
          },
        );
      }
    }
  }
}

/** The rows of a table between two ISO dates (inclusive, either open); throws when no date falls in the range. */
export function slicePriceTable(table: PriceTable, range: { from?: string; to?: string }): PriceTable {
  const { dates } = table;
  let start = 0;
  while (start < dates.length && range.from !== undefined && (dates[start] as string) < range.from) start++;
  let end = dates.length;
  while (end > start && range.to !== undefined && (dates[end - 1] as string) > range.to) end--;
  if (end <= start) {
    const span = `${dates[0]}..${dates.at(-1)}`;
    throw new BacktestInputError(
      `no trading days between ${range.from ?? 'the start'} and ${range.to ?? 'the end'}; the prices cover ${span}`,
      { field: range.from !== undefined ? 'from' : 'to' },
    );
  }
  if (start === 0 && end === dates.length) return table;
  return sliceRows(table, start, end);
}

/** Rows `[start, end)` of a table; the arrays are views, not copies. */
export function sliceRows(table: PriceTable, start: number, end: number): PriceTable {
  const adjClose = new Map<string, Float64Array>();
  for (const [symbol, series] of table.adjClose) adjClose.set(symbol, series.subarray(start, end));
  return { dates: table.dates.slice(start, end), adjClose };
}
