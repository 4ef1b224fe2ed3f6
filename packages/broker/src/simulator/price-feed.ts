import { newYorkDate, tradingDaysBetween } from '@dalio-lite/core';
import type { PriceHistory, PriceSeries } from '@dalio-lite/market-data';
import type { DailyBar } from '../broker.ts';
import { sessionOn } from './market-hours.ts';
import { createSeededRandom } from './prng.ts';

/** Prices the simulator trades at: a symbol's price at an instant, null when the symbol is unknown. */
export interface PriceFeed {
  readonly symbols: readonly string[];
  priceAt(symbol: string, instantMs: number): number | null;
  /** The daily bars of the history between two dates (inclusive), oldest first; null when the symbol is unknown. */
  dailyBars(symbol: string, from: string, to: string): DailyBar[] | null;
}

function lastIndexAtOrBefore(dates: readonly string[], date: string): number {
  let lo = 0;
  let hi = dates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((dates[mid] ?? '') <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function priceOf(series: PriceSeries, instantMs: number): number {
  const date = newYorkDate(new Date(instantMs));
  const index = lastIndexAtOrBefore(series.dates, date);
  if (index < 0) return series.adjClose[0] ?? Number.NaN;
  const close = series.adjClose[index] ?? Number.NaN;
  const session = series.dates[index] === date ? sessionOn(date) : null;
  if (!session || instantMs >= session.closeMs) return close;
  const previous = series.adjClose[index - 1] ?? close;
  if (instantMs <= session.openMs) return previous;
  // Inside the session the price moves linearly from the previous close to today's close.
  const progress = (instantMs - session.openMs) / (session.closeMs - session.openMs);
  return previous + (close - previous) * progress;
}

/**
 * The bars the replay implies: the day opens at the previous close and walks straight to its close, so open is
 * the previous close, high and low the larger and smaller of the two. Volume is unknown (0).
 */
function barsOf(series: PriceSeries, from: string, to: string): DailyBar[] {
  const bars: DailyBar[] = [];
  for (
    let index = Math.max(0, lastIndexAtOrBefore(series.dates, from));
    index < series.dates.length;
    index++
  ) {
    const date = series.dates[index] as string;
    if (date > to) break;
    if (date < from) continue;
    const close = series.adjClose[index] as number;
    const open = series.adjClose[index - 1] ?? close;
    const high = Math.max(open, close);
    const low = Math.min(open, close);
    bars.push({ symbol: series.symbol, date, open, high, low, close, volume: 0 });
  }
  return bars;
}

/**
 * Replay daily history: before the open the previous close, during the session a straight line to the day's
 * close, after the close that close. Uses adjusted closes (total return); beyond the data the ends are held.
 */
export function createHistoryPriceFeed(history: PriceHistory): PriceFeed {
  return {
    symbols: [...history.keys()],
    priceAt(symbol, instantMs) {
      const series = history.get(symbol);
      return series ? priceOf(series, instantMs) : null;
    },
    dailyBars(symbol, from, to) {
      const series = history.get(symbol);
      return series ? barsOf(series, from, to) : null;
    },
  };
}

/** Options of the seeded price model: a geometric random walk per symbol over trading days. */
export interface ModelPriceFeedOptions {
  seed: number;
  symbols: readonly string[];
  startPriceUsd?: number;
  /** Daily drift and volatility of log returns. */
  dailyDrift?: number;
  dailyVolatility?: number;
  from?: string;
  to?: string;
}

const modelDateCache = new Map<string, readonly string[]>();

function modelDates(from: string, to: string): readonly string[] {
  const key = `${from}..${to}`;
  let dates = modelDateCache.get(key);
  if (!dates) {
    dates = tradingDaysBetween(from, to);
    modelDateCache.set(key, dates);
  }
  return dates;
}

/** A seeded synthetic feed for offline runs without history; the same seed gives the same prices. */
export function createModelPriceFeed(options: ModelPriceFeedOptions): PriceFeed {
  const dates = modelDates(options.from ?? '1990-01-02', options.to ?? '2045-12-29');
  const history = new Map<string, PriceSeries>();
  for (const [index, symbol] of options.symbols.entries()) {
    const random = createSeededRandom((options.seed ^ ((index + 1) * 0x9e3779b1)) >>> 0);
    const adjClose = new Float64Array(dates.length);
    let price = options.startPriceUsd ?? 100;
    for (let day = 0; day < dates.length; day += 1) {
      // Box–Muller; 1 - next() keeps the logarithm finite.
      const normal = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
      price *= Math.exp((options.dailyDrift ?? 0.0003) + (options.dailyVolatility ?? 0.01) * normal);
      adjClose[day] = price;
    }
    history.set(symbol, { symbol, dates, adjClose });
  }
  return createHistoryPriceFeed(history);
}
