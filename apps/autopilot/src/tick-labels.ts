import { stepDecimals } from './nice-ticks.ts';

/** The minus sign, not the hyphen: it lines up with the digits and reads as negative. */
const MINUS = '\u2212';

const USD_UNITS = [
  { divisor: 1e12, suffix: 'T' },
  { divisor: 1e9, suffix: 'B' },
  { divisor: 1e6, suffix: 'M' },
  { divisor: 1e3, suffix: 'k' },
] as const;

/** A money tick as people write it: $0, $50k, $1.25M; `stepUsd` (the tick spacing) sets the decimals. */
export function formatUsdTick(valueUsd: number, stepUsd: number): string {
  const magnitude = Math.abs(valueUsd);
  const { divisor, suffix } = USD_UNITS.find((unit) => magnitude >= unit.divisor) ?? {
    divisor: 1,
    suffix: '',
  };
  const digits = trimZeros((magnitude / divisor).toFixed(stepDecimals(stepUsd / divisor)));
  return `${valueUsd < 0 && digits !== '0' ? MINUS : ''}$${digits}${suffix}`;
}

/** A percent tick (the value already in percent): 0 %, −5 %, −2.5 %; `stepPct` sets the decimals. */
export function formatPercentTick(valuePct: number, stepPct: number): string {
  const digits = trimZeros(Math.abs(valuePct).toFixed(stepDecimals(stepPct)));
  return `${valuePct < 0 && digits !== '0' ? MINUS : ''}${digits} %`;
}

// $1.50M and $1.5M say the same; the shorter label leaves room for the chart.
function trimZeros(digits: string): string {
  return digits.includes('.') ? digits.replace(/\.?0+$/, '') : digits;
}
