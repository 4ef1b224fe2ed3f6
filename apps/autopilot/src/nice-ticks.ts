/**
 * Round values for a chart axis. A person reads "$100k, $150k, $200k" at a glance; "$90,981, $263,723" they
 * have to study. Steps are 1, 2, 2.5 or 5 × 10^k, the sequence people count in.
 */

/** Tick values and the spacing between them. */
export interface NiceTicks {
  ticks: number[];
  step: number;
}

/** The mantissas of a round step, each with the lower bound of the raw steps it stands for (geometric midpoints). */
const MANTISSAS = [
  { mantissa: 10, from: Math.sqrt(50) },
  { mantissa: 5, from: Math.sqrt(12.5) },
  { mantissa: 2.5, from: Math.sqrt(5) },
  { mantissa: 2, from: Math.sqrt(2) },
  { mantissa: 1, from: 1 },
] as const;

/** About `count` round ticks inside [min, max], spaced 1, 2, 2.5 or 5 × 10^k. */
export function niceTicks(min: number, max: number, count: number): NiceTicks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new RangeError(`niceTicks: min and max must be finite numbers, got ${min} and ${max}`);
  }
  if (max < min) throw new RangeError(`niceTicks: max ${max} is below min ${min}`);
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`niceTicks: count must be a whole number ≥ 1, got ${count}`);
  }
  if (max === min) return { ticks: [min], step: 10 ** Math.floor(Math.log10(Math.abs(min) || 1)) };
  const raw = (max - min) / count;
  let exponent = Math.floor(Math.log10(raw));
  const error = raw / 10 ** exponent;
  let mantissa = MANTISSAS.find((m) => error >= m.from)?.mantissa ?? 1;
  if (mantissa === 10) {
    mantissa = 1;
    exponent++;
  }
  // Multiples of a negative power of ten are computed as a division, so 3 × 0.1 prints as 0.3.
  const value = (i: number) =>
    exponent >= 0 ? i * mantissa * 10 ** exponent : (i * mantissa) / 10 ** -exponent;
  const step = value(1);
  const tolerance = 1e-9;
  const first = Math.ceil(min / step - tolerance);
  const last = Math.floor(max / step + tolerance);
  const ticks: number[] = [];
  // Counting k from 0 ends even where `first` is past 2^53 (a sliver of a range at a huge value) and `i++`
  // would not move; `|| 0` turns -0 into 0, so no axis reads "−0".
  for (let k = 0; k <= last - first; k++) ticks.push(value(first + k) || 0);
  return { ticks, step };
}

/** The number of decimals that prints every multiple of `step` exactly (0.25 → 2, 2.5 → 1, 50 → 0). */
export function stepDecimals(step: number): number {
  if (!(step > 0) || !Number.isFinite(step))
    throw new RangeError(`stepDecimals: step must be > 0, got ${step}`);
  let decimals = 0;
  while (decimals < 15 && Math.abs(Number(step.toFixed(decimals)) - step) > step * 1e-9) decimals++;
  return decimals;
}
