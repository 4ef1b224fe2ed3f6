/**
 * Rounding at the boundary. Amounts are rounded *down* so that a rounded order never spends or sells more
 * than the unrounded plan: rounding never creates money.
 */

const CENTS = 100;
const QTY_SCALE = 1e9;
/** Absorbs floating-point noise like 12.299999999 before flooring to 12.30. */
const EPSILON = 1e-7;

/** Floor a dollar amount to whole cents. */
export function floorCents(usd: number): number {
  return Math.floor(usd * CENTS + EPSILON) / CENTS;
}

/** Floor a share quantity to Alpaca's 9 decimal places. */
export function floorQty(shares: number): number {
  return Math.floor(shares * QTY_SCALE + EPSILON * 1e3) / QTY_SCALE;
}

/** A dollar amount as Alpaca's decimal string, e.g. `1234.5` → `"1234.50"`. */
export function formatUsd(usd: number): string {
  return floorCents(usd).toFixed(2);
}

/** A share quantity as a decimal string with at most 9 decimals and no trailing zeros. */
export function formatQty(shares: number): string {
  const fixed = floorQty(shares).toFixed(9);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** Parse an exact decimal string from a broker answer; `null` when it is not a finite decimal. */
export function parseDecimal(text: string): number | null {
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text.trim())) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
