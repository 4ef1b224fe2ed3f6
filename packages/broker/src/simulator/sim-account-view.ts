import { newYorkDate, previousTradingDay } from '@dalio-lite/core';
import { roundTo } from '../decimal.ts';
import { sessionAt, sessionOn } from './market-hours.ts';
import type { PriceFeed } from './price-feed.ts';
import type { SimAccount, SimOrder } from './sim-state.ts';

/** A position with its current valuation. */
export interface SimPositionView {
  symbol: string;
  qty: number;
  costBasisUsd: number;
  avgEntryPriceUsd: number;
  currentPriceUsd: number;
  lastdayPriceUsd: number;
  marketValueUsd: number;
}

/** An account with its current valuation; equity = cash + Σ market value. */
export interface SimAccountView {
  id: string;
  createdAt: string;
  cashUsd: number;
  equityUsd: number;
  lastEquityUsd: number;
  longMarketValueUsd: number;
  buyingPowerUsd: number;
  positions: SimPositionView[];
}

/** The last regular close at or before an instant. */
export function lastCloseAtOrBefore(atMs: number): number {
  const date = newYorkDate(new Date(atMs));
  const today = sessionOn(date);
  if (today && atMs >= today.closeMs) return today.closeMs;
  return sessionOn(previousTradingDay(date))?.closeMs ?? atMs;
}

/** Value an account at `nowMs`: positions at current prices, buying power net of what open buys hold back. */
export function accountView(
  account: SimAccount,
  openOrders: readonly SimOrder[],
  prices: PriceFeed,
  nowMs: number,
): SimAccountView {
  // While the market is open "last day" is the previous close; once closed it is today's close.
  const lastClose = lastCloseAtOrBefore(sessionAt(nowMs) ? nowMs : nowMs - 1);
  const positions = Object.entries(account.positions).map(([symbol, p]) => {
    const currentPriceUsd = prices.priceAt(symbol, nowMs) ?? Number.NaN;
    return {
      symbol,
      qty: p.qty,
      costBasisUsd: p.costBasisUsd,
      avgEntryPriceUsd: p.costBasisUsd / p.qty,
      currentPriceUsd,
      lastdayPriceUsd: prices.priceAt(symbol, lastClose) ?? Number.NaN,
      marketValueUsd: p.qty * currentPriceUsd,
    };
  });
  const longMarketValueUsd = positions.reduce((sum, p) => sum + p.marketValueUsd, 0);
  const reserved = openOrders.reduce((sum, o) => sum + o.reservedUsd, 0);
  return {
    id: account.id,
    createdAt: account.createdAt,
    cashUsd: account.cashUsd,
    equityUsd: account.cashUsd + longMarketValueUsd,
    lastEquityUsd: account.cashUsd + positions.reduce((sum, p) => sum + p.qty * p.lastdayPriceUsd, 0),
    longMarketValueUsd,
    buyingPowerUsd: Math.max(0, roundTo(account.cashUsd - reserved, 2)),
    positions,
  };
}
