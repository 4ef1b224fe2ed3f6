import { newYorkDate, previousTradingDay } from '@dalio-lite/core';
import { roundTo } from '../decimal.ts';
import { sessionOn } from './market-hours.ts';
import type { PriceFeed } from './price-feed.ts';
import type { SimAccount, SimState } from './sim-state.ts';

const DAY_MS = 86_400_000;

/** The last regular close at or before an instant. */
export function lastCloseAtOrBefore(atMs: number): number {
  const date = newYorkDate(new Date(atMs));
  const today = sessionOn(date);
  if (today && atMs >= today.closeMs) return today.closeMs;
  return sessionOn(previousTradingDay(date))?.closeMs ?? atMs;
}

/** The last regular close strictly before an instant: at 16:00:00.000 exactly, still the day before's. */
export function lastCloseBefore(atMs: number): number {
  return lastCloseAtOrBefore(atMs - 1);
}

/** Cash plus every position at its price at `atMs` (shorts count negative). */
export function equityAt(account: SimAccount, prices: PriceFeed, atMs: number): number {
  return Object.entries(account.positions).reduce(
    (sum, [symbol, p]) => sum + p.qty * (prices.priceAt(symbol, atMs) ?? Number.NaN),
    account.cashUsd,
  );
}

/** What recording the closes needs. */
export interface DailyCloseContext {
  state: SimState;
  prices: PriceFeed;
  /** Yearly rate on a debit balance, in percent; Alpaca charges debit × rate / 360 per calendar day. */
  marginRatePct: number;
}

/**
 * Record, for every account, its equity at the latest close before `boundaryMs` (Alpaca's `last_equity`), and
 * charge margin interest on a debit balance for the calendar days since the previous record. Returns true when
 * anything was recorded.
 */
export function recordClosesBefore(context: DailyCloseContext, boundaryMs: number): boolean {
  const closeMs = lastCloseBefore(boundaryMs);
  let changed = false;
  for (const account of Object.values(context.state.accounts)) {
    const last = account.lastClose;
    if (last !== null && last.atMs >= closeMs) continue;
    if (last !== null && account.cashUsd < 0 && context.marginRatePct > 0) {
      const days = Math.max(1, Math.round((closeMs - last.atMs) / DAY_MS));
      const interestUsd = roundTo((-account.cashUsd * context.marginRatePct * days) / 100 / 360, 2);
      if (interestUsd > 0) {
        account.cashUsd = roundTo(account.cashUsd - interestUsd, 2);
        context.state.charges.push({
          accountId: account.id,
          kind: 'margin-interest',
          amountUsd: -interestUsd,
          at: new Date(closeMs).toISOString(),
        });
      }
    }
    account.lastClose = { atMs: closeMs, equityUsd: equityAt(account, context.prices, closeMs) };
    changed = true;
  }
  return changed;
}
