import { newYorkDate, tradingDaysBetween } from '@dalio-lite/core';
import type { DailyBar } from '../broker.ts';
import { roundTo } from '../decimal.ts';
import {
  currentOrNextSession,
  nextOpeningSession,
  type SessionWindow,
  sessionAt,
  sessionOn,
} from './market-hours.ts';
import type { PriceFeed } from './price-feed.ts';
import { lastCloseAtOrBefore } from './sim-daily-close.ts';
import type { SimAsset } from './sim-order-rules.ts';

/** The market clock at the simulator's now. */
export interface SimClockView {
  nowMs: number;
  isOpen: boolean;
  nextOpenMs: number;
  nextCloseMs: number;
}

/** What the market view reads, besides the current instant (the simulator's options fit as they are). */
export interface SimMarketViewOptions {
  prices: PriceFeed;
  /** Per-symbol overrides; every symbol of the price feed is tradable, fractionable and shortable by default. */
  assets?: Readonly<Record<string, Partial<Omit<SimAsset, 'symbol'>>>>;
}

/** The market as it looks at the current instant: clock, calendar, assets, last trades and closed daily bars. */
export interface SimMarketView {
  marketClock(): SimClockView;
  calendar(start: string, end: string): SessionWindow[];
  asset(symbol: string): SimAsset | null;
  latestTrade(symbol: string): { priceUsd: number; atMs: number } | null;
  /** Bars of the days whose session has closed by now, prices at 4 decimals; null when the symbol is unknown. */
  dailyBars(symbol: string, from: string, to: string): DailyBar[] | null;
}

/** Create the read-only market view of a price feed; it never touches orders or accounts. */
export function createSimMarketView(options: SimMarketViewOptions, nowMs: () => number): SimMarketView {
  const { prices } = options;
  return {
    marketClock() {
      const now = nowMs();
      const next = currentOrNextSession(now);
      return {
        nowMs: now,
        isOpen: sessionAt(now) !== null,
        nextOpenMs: nextOpeningSession(now).openMs,
        nextCloseMs: next.closeMs,
      };
    },
    calendar(start, end) {
      return tradingDaysBetween(start, end).flatMap((date) => sessionOn(date) ?? []);
    },
    asset(symbol) {
      if (!prices.symbols.includes(symbol)) return null;
      const override = options.assets?.[symbol];
      return {
        symbol,
        tradable: override?.tradable ?? true,
        fractionable: override?.fractionable ?? true,
        shortable: override?.shortable ?? true,
        easyToBorrow: override?.easyToBorrow ?? true,
      };
    },
    latestTrade(symbol) {
      const now = nowMs();
      const priceUsd = prices.priceAt(symbol, now);
      if (priceUsd === null) return null;
      return { priceUsd, atMs: sessionAt(now) ? now : lastCloseAtOrBefore(now) };
    },
    dailyBars(symbol, from, to) {
      const lastClosed = newYorkDate(new Date(lastCloseAtOrBefore(nowMs())));
      // Dates compare as text; a bar exists only once its session has closed.
      const bars = prices.dailyBars(symbol, from, to.localeCompare(lastClosed) < 0 ? to : lastClosed);
      return (
        bars?.map((bar) => ({
          ...bar,
          open: roundTo(bar.open, 4),
          high: roundTo(bar.high, 4),
          low: roundTo(bar.low, 4),
          close: roundTo(bar.close, 4),
        })) ?? null
      );
    },
  };
}
