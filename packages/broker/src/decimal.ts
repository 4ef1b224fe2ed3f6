const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** A number as an exact-looking decimal string with at most `places` decimals and no exponent or trailing zeros. */
export function toDecimalString(value: number, places: number): string {
  const fixed = value.toFixed(places);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

/** A dollar amount with exactly two decimals, as Alpaca sends money. */
export function toUsdString(value: number): string {
  const fixed = value.toFixed(2);
  return fixed === '-0.00' ? '0.00' : fixed;
}

/** Parse a plain decimal string (no exponent, no spaces); null when it is anything else. */
export function parseDecimalString(text: unknown): number | null {
  if (typeof text !== 'string' || !DECIMAL_PATTERN.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Decimal places of a plain decimal string. */
export function decimalPlaces(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Round to `places` decimals (half away from zero), for cash and quantities inside the simulator. */
export function roundTo(value: number, places: number): number {
  const scale = 10 ** places;
  return Math.sign(value) * (Math.round(Math.abs(value) * scale + 1e-7) / scale);
}
