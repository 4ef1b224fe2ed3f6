/** Trading days per year, for annualising daily statistics. */
export const TRADING_DAYS_PER_YEAR = 252;

/** A dated series of portfolio values. `dates[i]` is the ISO day of `values[i]`. */
export interface ValueSeries {
  dates: readonly string[];
  values: ArrayLike<number>;
}

/** Summary statistics of a value series. Fractions, not percent. */
export interface PerformanceStats {
  startDate: string;
  endDate: string;
  startValue: number;
  finalValue: number;
  totalReturn: number;
  cagr: number;
  /** Annualised standard deviation of daily returns. */
  volatility: number;
  /** (annualised mean daily excess return) / volatility. */
  sharpe: number;
  /** Largest peak-to-trough fall, as a positive fraction. */
  maxDrawdown: number;
  maxDrawdownPeakDate: string;
  maxDrawdownTroughDate: string;
  /** The calendar year with the lowest return, and that return; null with no complete year boundary. */
  worstYear: { year: number; return: number } | null;
}

/** Daily simple returns of a series (length n − 1). */
export function dailyReturns(values: ArrayLike<number>): Float64Array {
  const returns = new Float64Array(Math.max(0, values.length - 1));
  for (let i = 1; i < values.length; i++)
    returns[i - 1] = (values[i] as number) / (values[i - 1] as number) - 1;
  return returns;
}

/** Compound annual growth over the calendar span (365.25-day years). */
export function cagr(startValue: number, endValue: number, startDate: string, endDate: string): number {
  const years =
    (Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / (365.25 * 86_400_000);
  if (!(years > 0) || !(startValue > 0)) return 0;
  return (endValue / startValue) ** (1 / years) - 1;
}

/** Compute every statistic of a series in one pass. `riskFreeRate` is annual (0.02 = 2 %). */
export function computePerformance(series: ValueSeries, riskFreeRate = 0): PerformanceStats {
  const { dates, values } = series;
  const n = values.length;
  if (n === 0 || dates.length !== n)
    throw new RangeError('a performance series needs one date per value and at least one value');
  const first = values[0] as number;
  const last = values[n - 1] as number;
  const dailyRf = (1 + riskFreeRate) ** (1 / TRADING_DAYS_PER_YEAR) - 1;

  let mean = 0;
  let m2 = 0;
  let peak = first;
  let peakIndex = 0;
  let maxDrawdown = 0;
  let ddPeak = 0;
  let ddTrough = 0;
  const yearEnd = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const value = values[i] as number;
    if (i > 0) {
      // Welford's running variance: one pass, no allocation.
      const excess = value / (values[i - 1] as number) - 1 - dailyRf;
      const delta = excess - mean;
      mean += delta / i;
      m2 += delta * (excess - mean);
    }
    if (value > peak) {
      peak = value;
      peakIndex = i;
    }
    const drawdown = peak > 0 ? 1 - value / peak : 0;
    if (drawdown > maxDrawdown) {
      maxDrawdown = drawdown;
      ddPeak = peakIndex;
      ddTrough = i;
    }
    yearEnd.set(Number((dates[i] as string).slice(0, 4)), value);
  }
  const count = n - 1;
  const sd = count > 1 ? Math.sqrt(m2 / (count - 1)) : 0;
  const volatility = sd * Math.sqrt(TRADING_DAYS_PER_YEAR);
  const sharpe = sd > 0 ? (mean / sd) * Math.sqrt(TRADING_DAYS_PER_YEAR) : 0;
  return {
    startDate: dates[0] as string,
    endDate: dates[n - 1] as string,
    startValue: first,
    finalValue: last,
    totalReturn: first > 0 ? last / first - 1 : 0,
    cagr: cagr(first, last, dates[0] as string, dates[n - 1] as string),
    volatility,
    sharpe,
    maxDrawdown,
    maxDrawdownPeakDate: dates[ddPeak] as string,
    maxDrawdownTroughDate: dates[ddTrough] as string,
    worstYear: worstYear(yearEnd, first, Number((dates[0] as string).slice(0, 4))),
  };
}

function worstYear(
  yearEnd: Map<number, number>,
  firstValue: number,
  firstYear: number,
): PerformanceStats['worstYear'] {
  let previous = firstValue;
  let worst: PerformanceStats['worstYear'] = null;
  for (const [year, value] of [...yearEnd].sort(([a], [b]) => a - b)) {
    const yearReturn = value / previous - 1;
    // A partial first year still counts: it is a real span the portfolio lived through.
    if (year >= firstYear && (worst === null || yearReturn < worst.return))
      worst = { year, return: yearReturn };
    previous = value;
  }
  return worst;
}

/** The difference of two statistics sets on the same dates, for "vs benchmark" lines. */
export function compareToBenchmark(
  portfolio: PerformanceStats,
  benchmark: PerformanceStats,
): { excessCagr: number; excessReturn: number } {
  return {
    excessCagr: portfolio.cagr - benchmark.cagr,
    excessReturn: portfolio.totalReturn - benchmark.totalReturn,
  };
}
