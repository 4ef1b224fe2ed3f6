import { roundTo } from '../decimal.ts';

/** A margin account (Alpaca's default: borrows on buys, may short) or a cash account (neither). */
export type SimAccountType = 'margin' | 'cash';

/** Equity below which a margin account gets 1× buying power and may not short (Alpaca: $2,000). */
export const MARGIN_MINIMUM_EQUITY_USD = 2_000;

/** Reg T initial margin on marginable securities (Alpaca: 50 %). */
const INITIAL_MARGIN_RATE = 0.5;
/** Alpaca's overnight maintenance requirement for positions priced ≥ $2.50 long / ≥ $5 short: 30 %. */
const MAINTENANCE_MARGIN_RATE = 0.3;

/** What the margin figures are computed from: cash, signed market values, and what open orders hold back. */
export interface MarginInput {
  type: SimAccountType;
  cashUsd: number;
  /** Σ market value of long positions (≥ 0). */
  longMarketValueUsd: number;
  /** Σ market value of short positions (≤ 0). */
  shortMarketValueUsd: number;
  /** Buying power held back by open opening orders (buys, and short sells at 103 % of the price). */
  reservedUsd: number;
}

/** Alpaca's account money fields, derived as its API documents them. */
export interface MarginFigures {
  equityUsd: number;
  multiplier: 1 | 2;
  initialMarginUsd: number;
  maintenanceMarginUsd: number;
  /** What new opening orders may still use: 2 × (equity − initial margin) on margin, else cash; less reserved. */
  buyingPowerUsd: number;
  /** The part of buying power that non-marginable securities may use (1×). */
  nonMarginableBuyingPowerUsd: number;
  shortingEnabled: boolean;
}

/**
 * Equity = cash + long market value + short market value. Multiplier 2 for a margin account with at least
 * $2,000 equity, where buying power = max(equity − initial margin, 0) × 2; otherwise 1 and buying power = cash.
 * Open opening orders hold buying power back until they fill or end.
 */
export function marginFigures(input: MarginInput): MarginFigures {
  const equityUsd = input.cashUsd + input.longMarketValueUsd + input.shortMarketValueUsd;
  const grossUsd = input.longMarketValueUsd - input.shortMarketValueUsd;
  const margin = input.type === 'margin' && equityUsd >= MARGIN_MINIMUM_EQUITY_USD;
  const initialMarginUsd = input.type === 'margin' ? grossUsd * INITIAL_MARGIN_RATE : 0;
  const maintenanceMarginUsd = input.type === 'margin' ? grossUsd * MAINTENANCE_MARGIN_RATE : 0;
  const multiplier = margin ? 2 : 1;
  const gross = margin ? Math.max(equityUsd - initialMarginUsd, 0) * 2 : input.cashUsd;
  const buyingPowerUsd = Math.max(0, roundTo(gross - input.reservedUsd, 2));
  return {
    equityUsd,
    multiplier,
    initialMarginUsd,
    maintenanceMarginUsd,
    buyingPowerUsd,
    nonMarginableBuyingPowerUsd: margin
      ? Math.max(0, roundTo(Math.max(equityUsd - initialMarginUsd, 0) - input.reservedUsd, 2))
      : buyingPowerUsd,
    shortingEnabled: margin,
  };
}
