import { isTerminalOrderStatus } from '@dalio-lite/core';
import { roundTo } from '../decimal.ts';
import { sessionAt } from './market-hours.ts';
import type { PriceFeed } from './price-feed.ts';
import { isDue } from './sim-consistency.ts';
import { lastCloseAtOrBefore } from './sim-daily-close.ts';
import { heldQty } from './sim-holds.ts';
import { marginFigures, type SimAccountType } from './sim-margin.ts';
import type { SimAccount, SimOrder, SimPosition } from './sim-state.ts';

/** A position with its current valuation; a short one has negative quantity, cost basis and market value. */
export interface SimPositionView {
  symbol: string;
  side: 'long' | 'short';
  qty: number;
  /** Shares not held by open orders, signed like `qty` (Alpaca `qty_available`). */
  qtyAvailable: number;
  costBasisUsd: number;
  avgEntryPriceUsd: number;
  currentPriceUsd: number;
  lastdayPriceUsd: number;
  marketValueUsd: number;
}

/** An account as Alpaca reports it; equity = cash + long market value + short market value. */
export interface SimAccountView {
  id: string;
  type: SimAccountType;
  createdAt: string;
  cashUsd: number;
  equityUsd: number;
  /** Equity recorded at the previous trading day's close. */
  lastEquityUsd: number;
  /** When `lastEquityUsd` was recorded. */
  lastEquityAtMs: number | null;
  longMarketValueUsd: number;
  shortMarketValueUsd: number;
  multiplier: 1 | 2;
  buyingPowerUsd: number;
  regtBuyingPowerUsd: number;
  nonMarginableBuyingPowerUsd: number;
  initialMarginUsd: number;
  maintenanceMarginUsd: number;
  shortingEnabled: boolean;
  positions: SimPositionView[];
}

/** Cash and positions as the account's reads show them: the truth less the fills not yet visible (unless `settled`). */
function shownHoldings(
  account: SimAccount,
  nowMs: number,
  settled: boolean,
): { cashUsd: number; positions: Map<string, SimPosition> } {
  const positions = new Map(Object.entries(account.positions).map(([symbol, p]) => [symbol, { ...p }]));
  let cashUsd = account.cashUsd;
  for (const fill of settled ? [] : account.unsettled) {
    if (isDue(fill.due, nowMs, account.requests)) continue;
    cashUsd -= fill.cashUsd;
    const p = positions.get(fill.symbol) ?? { qty: 0, costBasisUsd: 0 };
    p.qty = roundTo(p.qty - fill.qty, 9);
    p.costBasisUsd -= fill.costBasisUsd;
    positions.set(fill.symbol, p);
  }
  for (const [symbol, p] of positions) if (p.qty === 0) positions.delete(symbol);
  return { cashUsd: roundTo(cashUsd, 2), positions };
}

/**
 * Value an account at `nowMs` as its reads show it (fills still settling are not in it yet, unless `settled`):
 * positions at current prices, margin figures as Alpaca documents them, buying power net of what open opening
 * orders hold back.
 */
export function accountView(
  account: SimAccount,
  orders: readonly SimOrder[],
  prices: PriceFeed,
  nowMs: number,
  settled = false,
): SimAccountView {
  // While the market is open "last day" is the previous close; once closed it is today's close.
  const lastClose = lastCloseAtOrBefore(sessionAt(nowMs) ? nowMs : nowMs - 1);
  const shown = shownHoldings(account, nowMs, settled);
  const positions = [...shown.positions].map(([symbol, p]): SimPositionView => {
    const currentPriceUsd = prices.priceAt(symbol, nowMs) ?? Number.NaN;
    const side = p.qty > 0 ? 'long' : 'short';
    const held = heldQty(
      orders,
      symbol,
      side === 'long' ? 'sell' : 'buy',
      currentPriceUsd,
      nowMs,
      account.requests,
    );
    const qtyAvailable =
      side === 'long' ? Math.max(0, roundTo(p.qty - held, 9)) : Math.min(0, roundTo(p.qty + held, 9));
    return {
      symbol,
      side,
      qty: p.qty,
      qtyAvailable,
      costBasisUsd: p.costBasisUsd,
      avgEntryPriceUsd: p.costBasisUsd / p.qty,
      currentPriceUsd,
      lastdayPriceUsd: prices.priceAt(symbol, lastClose) ?? Number.NaN,
      marketValueUsd: p.qty * currentPriceUsd,
    };
  });
  const longMarketValueUsd = positions.reduce((sum, p) => sum + Math.max(0, p.marketValueUsd), 0);
  const shortMarketValueUsd = positions.reduce((sum, p) => sum + Math.min(0, p.marketValueUsd), 0);
  const reservedUsd = orders
    .filter((o) => !isTerminalOrderStatus(o.status))
    .reduce((sum, o) => sum + o.reservedUsd, 0);
  const margin = marginFigures({
    type: account.type,
    cashUsd: shown.cashUsd,
    longMarketValueUsd,
    shortMarketValueUsd,
    reservedUsd,
  });
  return {
    id: account.id,
    type: account.type,
    createdAt: account.createdAt,
    cashUsd: shown.cashUsd,
    equityUsd: margin.equityUsd,
    lastEquityUsd: account.lastClose?.equityUsd ?? margin.equityUsd,
    lastEquityAtMs: account.lastClose?.atMs ?? null,
    longMarketValueUsd,
    shortMarketValueUsd,
    multiplier: margin.multiplier,
    buyingPowerUsd: margin.buyingPowerUsd,
    regtBuyingPowerUsd: margin.buyingPowerUsd,
    nonMarginableBuyingPowerUsd: margin.nonMarginableBuyingPowerUsd,
    initialMarginUsd: margin.initialMarginUsd,
    maintenanceMarginUsd: margin.maintenanceMarginUsd,
    shortingEnabled: margin.shortingEnabled,
    positions,
  };
}

/** The margin figures of the account as it truly is, for the order rules (Alpaca checks against its books). */
export function trueMargin(
  account: SimAccount,
  orders: readonly SimOrder[],
  prices: PriceFeed,
  nowMs: number,
) {
  let longMarketValueUsd = 0;
  let shortMarketValueUsd = 0;
  for (const [symbol, p] of Object.entries(account.positions)) {
    const value = p.qty * (prices.priceAt(symbol, nowMs) ?? Number.NaN);
    if (value >= 0) longMarketValueUsd += value;
    else shortMarketValueUsd += value;
  }
  const reservedUsd = orders
    .filter((o) => !isTerminalOrderStatus(o.status))
    .reduce((sum, o) => sum + o.reservedUsd, 0);
  return marginFigures({
    type: account.type,
    cashUsd: account.cashUsd,
    longMarketValueUsd,
    shortMarketValueUsd,
    reservedUsd,
  });
}
