import { newYorkDate, newYorkInstant } from '@dalio-lite/core';
import type { DailyBar } from '../broker.ts';
import type { Simulator } from '../simulator/simulator.ts';
import type { WireBody } from './sim-wire-format.ts';

/** An answer of the bars route: Alpaca's JSON body, or its error envelope's status, code and message. */
export type StockBarsAnswer =
  | { ok: true; body: WireBody }
  | { ok: false; status: 400 | 422; code: number; message: string };

const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 10_000;

/** Where a daily bar is stamped on Alpaca's wire: midnight New York of its day, in UTC (`2024-03-15T04:00:00Z`). */
function barInstantMs(date: string): number {
  return newYorkInstant(date, '00:00').getTime();
}

function parseTime(text: string | undefined): number | null {
  if (text === undefined || !/^\d{4}-\d{2}-\d{2}(T.+)?$/.test(text)) return null;
  const ms = Date.parse(/T/.test(text) ? text : `${text}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

function wireBar(bar: DailyBar): WireBody {
  return {
    t: new Date(barInstantMs(bar.date)).toISOString().replace('.000Z', 'Z'),
    o: bar.open,
    h: bar.high,
    l: bar.low,
    c: bar.close,
    v: bar.volume,
    n: 0,
    vw: bar.close,
  };
}

const pageToken = (symbol: string, date: string) => Buffer.from(`${symbol}|${date}`).toString('base64url');

/**
 * `GET /v2/stocks/bars` as Alpaca answers it: bars grouped by symbol (symbols sorted, bars oldest first),
 * at most `limit` per page, `next_page_token` to continue. Only `timeframe=1Day` with `adjustment=all`: the
 * simulator replays adjusted closes and has neither intraday nor unadjusted prices.
 */
export function answerStockBars(
  sim: Simulator,
  query: (name: string) => string | undefined,
): StockBarsAnswer {
  const invalid = (message: string): StockBarsAnswer => ({ ok: false, status: 422, code: 42210000, message });
  const symbols = [...new Set((query('symbols') ?? '').split(',').filter(Boolean))].sort();
  if (symbols.length === 0) return invalid('symbols is required');
  const timeframe = query('timeframe');
  if (timeframe !== '1Day' && timeframe !== '1D') {
    return invalid(`the simulator serves daily bars only (timeframe=1Day), not ${timeframe ?? 'none'}`);
  }
  if (query('adjustment') !== 'all') {
    return invalid('the simulator replays adjusted prices only, use adjustment=all');
  }
  if ((query('sort') ?? 'asc') !== 'asc') return invalid('the simulator sorts bars ascending only');
  const startMs = parseTime(query('start'));
  const endMs = query('end') === undefined ? sim.clock.now().getTime() : parseTime(query('end'));
  if (startMs === null) return invalid('start must be an RFC 3339 time or a date');
  if (endMs === null) return invalid('end must be an RFC 3339 time or a date');
  const limit = Number(query('limit') ?? DEFAULT_LIMIT);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    return invalid(`limit must be 1..${MAX_LIMIT}`);

  const from = newYorkDate(new Date(startMs));
  const to = newYorkDate(new Date(endMs));
  const all =
    from > to
      ? []
      : symbols.flatMap((symbol) =>
          (sim.dailyBars(symbol, from, to) ?? []).filter((bar) => {
            const atMs = barInstantMs(bar.date);
            return atMs >= startMs && atMs <= endMs;
          }),
        );
  const token = query('page_token');
  const first = token === undefined ? 0 : all.findIndex((bar) => pageToken(bar.symbol, bar.date) === token);
  if (first < 0) return { ok: false, status: 400, code: 40010000, message: 'invalid page_token' };
  const page = all.slice(first, first + limit);
  const next = all[first + limit];
  const bars: Record<string, WireBody[]> = {};
  for (const bar of page) {
    const list = bars[bar.symbol] ?? [];
    list.push(wireBar(bar));
    bars[bar.symbol] = list;
  }
  return { ok: true, body: { bars, next_page_token: next ? pageToken(next.symbol, next.date) : null } };
}
