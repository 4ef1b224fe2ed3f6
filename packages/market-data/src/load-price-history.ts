import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isTradingDay, nextTradingDay } from '@dalio-lite/core';
import { parse } from 'csv-parse/sync';
import { BUNDLED_PRICES_DIR } from './bundled-prices-dir.ts';
import { PriceDataError } from './price-data-error.ts';

/** One symbol's daily history: dates oldest first and the dividend- and split-adjusted close on each. */
export interface PriceSeries {
  symbol: string;
  dates: readonly string[];
  /** `adjClose[i]` is the adjusted close on `dates[i]`; returns from it are total returns. */
  adjClose: Float64Array;
}

/** Loaded histories by symbol. */
export type PriceHistory = ReadonlyMap<string, PriceSeries>;

/** Where to read and which symbols; `dir` defaults to the bundled files. */
export interface LoadPriceHistoryOptions {
  dir?: string;
  symbols: readonly string[];
}

const COLUMNS = ['date', 'open', 'high', 'low', 'close', 'adj_close', 'volume'] as const;
const PRICE_COLUMNS = ['open', 'high', 'low', 'close', 'adj_close'] as const;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

type Row = Record<(typeof COLUMNS)[number], string>;

/** Read and validate `<dir>/<SYMBOL>.csv` for each symbol; throws PriceDataError naming file and line. */
export async function loadPriceHistory(options: LoadPriceHistoryOptions): Promise<PriceHistory> {
  const dir = options.dir ?? BUNDLED_PRICES_DIR;
  const entries = await Promise.all(
    options.symbols.map(async (symbol) => [symbol, await loadSeries(dir, symbol)] as const),
  );
  return new Map(entries);
}

async function loadSeries(dir: string, symbol: string): Promise<PriceSeries> {
  const file = join(dir, `${symbol}.csv`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new PriceDataError(`no price history for symbol ${symbol} (file missing or unreadable)`, {
      file,
      cause,
    });
  }
  return parseSeries(symbol, file, text);
}

/** Parse and validate the text of one price file (exported for callers that hold the text already). */
export function parseSeries(symbol: string, file: string, text: string): PriceSeries {
  let records: { record: Row; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: (header: string[]) => {
        if (header.join(',') !== COLUMNS.join(',')) {
          throw new PriceDataError(`header must be ${COLUMNS.join(',')}, got ${header.join(',')}`, {
            file,
            line: 1,
          });
        }
        return [...COLUMNS];
      },
      info: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (cause) {
    if (cause instanceof PriceDataError) throw cause;
    const line = (cause as { lines?: number }).lines;
    throw new PriceDataError(`not valid CSV (${(cause as Error).message.split('\n')[0]})`, {
      file,
      line,
      cause,
    });
  }
  if (records.length === 0) throw new PriceDataError('no rows after the header', { file });
  const dates: string[] = [];
  const adjClose = new Float64Array(records.length);
  for (const [index, { record, info }] of records.entries()) {
    const line = info.lines;
    const date = record.date;
    if (!DATE_PATTERN.test(date) || Number.isNaN(Date.parse(date))) {
      throw new PriceDataError(`"${date}" is not a date, use YYYY-MM-DD`, { file, line });
    }
    const previous = dates.at(-1);
    if (previous !== undefined && date === previous)
      throw new PriceDataError(`duplicate date ${date}`, { file, line });
    if (previous !== undefined && date < previous) {
      throw new PriceDataError(`dates out of order: ${date} comes after ${previous}`, { file, line });
    }
    if (!isTradingDay(date)) throw new PriceDataError(`${date} is not an NYSE trading day`, { file, line });
    if (previous !== undefined && nextTradingDay(previous) !== date) {
      throw new PriceDataError(`gap: trading day ${nextTradingDay(previous)} is missing before ${date}`, {
        file,
        line,
      });
    }
    for (const column of PRICE_COLUMNS) {
      const raw = record[column];
      if (raw === '' && column !== 'adj_close') continue;
      const value = Number(raw);
      if (raw === '' || !Number.isFinite(value) || value <= 0) {
        throw new PriceDataError(`${column} on ${date} is "${raw}", must be a positive number`, {
          file,
          line,
        });
      }
    }
    dates.push(date);
    adjClose[index] = Number(record.adj_close);
  }
  return { symbol, dates, adjClose };
}
