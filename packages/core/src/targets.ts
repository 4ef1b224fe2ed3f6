import { err, ok, type Result } from './result.ts';

/** Target weights by symbol; every weight is > 0 and they sum to 1. */
export type Targets = Readonly<Record<string, number>>;

/** The tolerance on the sum of weights after normalising. */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

/** What a user may type as a ticker: 1–10 upper-case letters, digits, dots or dashes. */
export const SYMBOL_PATTERN = /^[A-Z][A-Z0-9.-]{0,9}$/;

/**
 * Validate target weights and normalise them to sum to 1.
 * Accepts fractions (0.4/0.3/…) or percentages (40/30/…): input summing to 100 (±0.01) is read as percent.
 */
export function normalizeTargets(input: Readonly<Record<string, number>>): Result<Targets> {
  const entries = Object.entries(input);
  if (entries.length === 0) return err('allocation: no symbols given, add at least one symbol with a weight');
  for (const [symbol, weight] of entries) {
    if (!SYMBOL_PATTERN.test(symbol)) {
      return err(`allocation: "${symbol}" is not a ticker symbol, use upper-case letters such as VTI`);
    }
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
      return err(`allocation: weight of ${symbol} is ${String(weight)}, must be a number greater than 0`);
    }
  }
  const sum = entries.reduce((total, [, weight]) => total + weight, 0);
  const isPercent = Math.abs(sum - 100) <= 0.01;
  const scale = isPercent ? 100 : 1;
  if (!isPercent && Math.abs(sum - 1) > 1e-6) {
    // Weights that look like percentages get the message in percentages.
    return sum > 1.5
      ? err(`allocation: weights sum to ${formatSum(sum)}, must sum to 100 (or 1 as fractions)`)
      : err(`allocation: weights sum to ${formatSum(sum)}, must sum to 1 (or 100 as percentages)`);
  }
  const normalised: Record<string, number> = {};
  // Divide by the actual sum, not the nominal scale, so the result sums to 1 within floating-point error.
  for (const [symbol, weight] of entries) normalised[symbol] = weight / scale / (sum / scale);
  return ok(Object.freeze(normalised));
}

/** The symbols of a target allocation, sorted. */
export function targetSymbols(targets: Targets): string[] {
  return Object.keys(targets).sort();
}

function formatSum(sum: number): string {
  return String(Math.round(sum * 1e6) / 1e6);
}
