import { BacktestInputError } from './backtest-input-error.ts';

/** Row ranges `[start, end)` of one walk-forward window. */
export interface WalkForwardWindow {
  index: number;
  inSample: { start: number; end: number };
  outOfSample: { start: number; end: number };
}

/** How to cut the days: window lengths in trading days, rolling or anchored at the first day. */
export interface WindowPlan {
  inSampleDays: number;
  outOfSampleDays: number;
  /** Anchored windows grow from day 0; rolling windows keep `inSampleDays`. */
  anchored: boolean;
}

/** Default: 3 years in sample, 1 year out of sample, rolling. */
export const DEFAULT_WINDOW_PLAN: WindowPlan = Object.freeze({
  inSampleDays: 756,
  outOfSampleDays: 252,
  anchored: false,
});

/**
 * Cut `totalDays` rows into windows whose out-of-sample parts are consecutive and never overlap; each in-sample
 * part ends the day before its out-of-sample part starts. Only whole out-of-sample windows are kept.
 */
export function splitWalkForwardWindows(totalDays: number, plan: WindowPlan): WalkForwardWindow[] {
  const { inSampleDays, outOfSampleDays } = plan;
  for (const [field, value] of [
    ['inSampleDays', inSampleDays],
    ['outOfSampleDays', outOfSampleDays],
  ] as const) {
    if (!Number.isInteger(value) || value < 20) {
      throw new BacktestInputError(
        `${field} is ${value}, must be a whole number of trading days ≥ 20 (252 ≈ 1 year)`,
        {
          field,
        },
      );
    }
  }
  const windows: WalkForwardWindow[] = [];
  for (let oosStart = inSampleDays; oosStart + outOfSampleDays <= totalDays; oosStart += outOfSampleDays) {
    windows.push({
      index: windows.length,
      inSample: { start: plan.anchored ? 0 : oosStart - inSampleDays, end: oosStart },
      outOfSample: { start: oosStart, end: oosStart + outOfSampleDays },
    });
  }
  if (windows.length < 2) {
    throw new BacktestInputError(
      `walk-forward needs at least 2 windows of ${inSampleDays} + ${outOfSampleDays} days but the prices have ${totalDays} days; ` +
        'shorten the windows or widen the date range',
      { field: 'windows' },
    );
  }
  return windows;
}
