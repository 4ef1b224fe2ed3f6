import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  type LoadedBacktestPrices,
  loadBacktestPrices,
  type PriceTable,
  slicePriceTable,
  validatePriceTable,
} from '@dalio-lite/backtest';
import { BUNDLED_PRICES_DIR, loadPriceHistory, PriceDataError } from '@dalio-lite/market-data';
import { sha256OfJson } from '@dalio-lite/state';

/** Where history comes from: a directory of `<SYMBOL>.csv` files (the bundled ones by default) or a table. */
export type PriceSource = { kind: 'files'; dir: string } | { kind: 'table'; table: PriceTable };

/** A dates range to replay; either end open. */
export interface DateRange {
  from?: string;
  to?: string;
}

/** What history there is for one symbol: its first and last day, or why there is none. */
export type SymbolHistory =
  | { symbol: string; available: true; firstDate: string; lastDate: string }
  | { symbol: string; available: false; problem: string };

/** The price files shipped with Dalio Lite. */
export function bundledPrices(): PriceSource {
  return { kind: 'files', dir: BUNDLED_PRICES_DIR };
}

/**
 * A short fingerprint of the data a replay of `symbols` would read: each file's path, size and modification time
 * (cheap, no parsing, so a cache hit skips loading), or a table's full contents.
 */
export async function priceSourceIdentity(source: PriceSource, symbols: readonly string[]): Promise<string> {
  const sorted = [...new Set(symbols)].sort();
  if (source.kind === 'files') {
    const dir = resolve(source.dir);
    const files = await Promise.all(
      sorted.map(async (symbol) => {
        const found = await stat(join(dir, `${symbol}.csv`)).catch(() => null);
        return [symbol, found?.size ?? null, found?.mtimeMs ?? null];
      }),
    );
    return sha256OfJson({ dir, files });
  }
  const hash = createHash('sha256').update(source.table.dates.join(','));
  for (const symbol of sorted) {
    const series = source.table.adjClose.get(symbol);
    hash.update(`|${symbol}:`);
    if (series) hash.update(new Uint8Array(series.buffer, series.byteOffset, series.byteLength));
  }
  return hash.digest('hex');
}

/** The symbols the source has history for (a price file exists, or the table has a column). */
export async function availableSymbols(
  source: PriceSource,
  symbols: readonly string[],
): Promise<Set<string>> {
  const found = await Promise.all(
    symbols.map(async (symbol) =>
      source.kind === 'table'
        ? source.table.adjClose.has(symbol)
        : (await stat(join(source.dir, `${symbol}.csv`)).catch(() => null))?.isFile() === true,
    ),
  );
  return new Set(symbols.filter((_, i) => found[i]));
}

/** Prices of `symbols` on the dates they all share, cut to the range; bad input throws BacktestInputError. */
export async function loadSourcePrices(
  source: PriceSource,
  symbols: readonly string[],
  range: DateRange,
): Promise<LoadedBacktestPrices> {
  if (source.kind === 'files') return loadBacktestPrices({ dir: source.dir, symbols, ...range });
  const sorted = [...new Set(symbols)].sort();
  validatePriceTable(source.table, sorted);
  const sliced = slicePriceTable(source.table, range);
  const { dates } = source.table;
  return {
    symbols: sorted,
    dates: sliced.dates,
    adjClose: sliced.adjClose,
    commonRange: { firstDate: dates[0] as string, lastDate: dates.at(-1) as string },
  };
}

/** For each symbol, the span of its history in the source, or a note saying why there is none. */
export async function symbolHistories(
  source: PriceSource,
  symbols: readonly string[],
): Promise<SymbolHistory[]> {
  return Promise.all(
    symbols.map(async (symbol): Promise<SymbolHistory> => {
      if (source.kind === 'table') {
        const { dates, adjClose } = source.table;
        if (!adjClose.has(symbol) || dates.length === 0) {
          return { symbol, available: false, problem: `no price history for ${symbol} in the given prices` };
        }
        return { symbol, available: true, firstDate: dates[0] as string, lastDate: dates.at(-1) as string };
      }
      try {
        const series = (await loadPriceHistory({ dir: source.dir, symbols: [symbol] })).get(symbol);
        const firstDate = series?.dates[0];
        const lastDate = series?.dates.at(-1);
        // A file that parses has at least one row (market-data refuses an empty one).
        if (firstDate === undefined || lastDate === undefined) {
          return { symbol, available: false, problem: `no price history for ${symbol}` };
        }
        return { symbol, available: true, firstDate, lastDate };
      } catch (error) {
        if (!(error instanceof PriceDataError)) throw error;
        return { symbol, available: false, problem: error.message };
      }
    }),
  );
}
