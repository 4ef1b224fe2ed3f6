import type { PriceHistory } from './load-price-history.ts';
import { PriceDataError } from './price-data-error.ts';

/** Several symbols on one shared date axis: `adjClose.get(symbol)[i]` is that symbol's close on `dates[i]`. */
export interface AlignedPrices {
  symbols: readonly string[];
  dates: readonly string[];
  firstDate: string;
  lastDate: string;
  adjClose: ReadonlyMap<string, Float64Array>;
}

/** Cut every series to the dates all symbols share; throws when they share none. */
export function alignPriceHistory(
  history: PriceHistory,
  symbols: readonly string[] = [...history.keys()],
): AlignedPrices {
  if (symbols.length === 0) throw new PriceDataError('no symbols to align', { file: '(aligned prices)' });
  const series = symbols.map((symbol) => {
    const found = history.get(symbol);
    if (!found) throw new PriceDataError(`symbol ${symbol} was not loaded`, { file: '(aligned prices)' });
    return found;
  });
  const firstDate =
    series
      .map((s) => s.dates[0] ?? '')
      .sort()
      .at(-1) ?? '';
  const lastDate = series.map((s) => s.dates.at(-1) ?? '').sort()[0] ?? '';
  if (firstDate > lastDate) {
    const spans = series.map((s) => `${s.symbol} ${s.dates[0]}..${s.dates.at(-1)}`).join(', ');
    throw new PriceDataError(`no common dates between ${spans}`, { file: '(aligned prices)' });
  }
  // Loaded series have no gaps, so the common range is one contiguous slice of each.
  let dates: readonly string[] = [];
  const adjClose = new Map<string, Float64Array>();
  for (const s of series) {
    const from = s.dates.indexOf(firstDate);
    const to = s.dates.indexOf(lastDate);
    const slice = s.dates.slice(from, to + 1);
    if (from < 0 || to < 0 || (dates.length > 0 && slice.length !== dates.length)) {
      throw new PriceDataError(`dates of ${s.symbol} do not line up with the others`, {
        file: '(aligned prices)',
      });
    }
    dates = slice;
    adjClose.set(s.symbol, s.adjClose.slice(from, to + 1));
  }
  return { symbols: [...symbols], dates, firstDate, lastDate, adjClose };
}
