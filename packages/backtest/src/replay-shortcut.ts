import type { RebalancePolicy } from '@dalio-lite/core';
import type { ReplayCalendar } from './replay-calendar.ts';

/** Margin by which the cheap band check errs towards calling core, so float noise can never skip a trade. */
const BAND_MARGIN = 1e-9;

/** A conservative, allocation-free pre-check of core's policy: false only when core must hold today. */
export function couldTrade(
  equity: number,
  t: number,
  qty: Float64Array,
  closes: readonly Float64Array[],
  weights: Float64Array,
  policy: RebalancePolicy,
  calendar: ReplayCalendar,
  lastDayNumber: number,
  lastPeriod: number,
): boolean {
  if (!(equity > 0)) return false;
  if (
    !Number.isNaN(lastDayNumber) &&
    Math.round((calendar.dayNumbers[t] as number) - lastDayNumber) < policy.minDaysBetween
  ) {
    return false;
  }
  if (policy.calendar !== null && (Number.isNaN(lastPeriod) || calendar.periodNumbers[t] !== lastPeriod))
    return true;
  const absolute = policy.absoluteBand;
  const relative = policy.relativeBand;
  for (let j = 0; j < weights.length; j++) {
    const target = weights[j] as number;
    const drift = ((qty[j] as number) * ((closes[j] as Float64Array)[t] as number)) / equity - target;
    if (absolute !== null && Math.abs(drift) > absolute - BAND_MARGIN) return true;
    if (relative !== null && Math.abs(drift / target) > relative - BAND_MARGIN) return true;
  }
  return false;
}
