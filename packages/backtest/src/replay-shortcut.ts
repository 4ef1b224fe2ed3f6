import type { RebalancePolicy } from '@dalio-lite/core';
import type { ReplayGates } from './replay-calendar.ts';

/** Margin by which the cheap band check errs towards calling core, so float noise can never skip a trade. */
const BAND_MARGIN = 1e-9;

/** Core's bands as the daily loop checks them: targets and limits by symbol index, and a scratch row of values. */
export interface BandCheck {
  weights: Float64Array;
  /**
   * The drift (in weight units) beyond which core's bands could breach: the tighter of the absolute band and the
   * relative band times the target, less the margin; Infinity without a band.
   */
  limits: Float64Array;
  /** One day's holding values, by symbol: written and read by the daily loop only. */
  valuesUsd: Float64Array;
}

/** The band check of a policy for targets given by symbol index. */
export function createBandCheck(weights: Float64Array, policy: RebalancePolicy): BandCheck {
  const { absoluteBand, relativeBand } = policy;
  const limits = weights.map((target) =>
    Math.min(
      absoluteBand === null ? Number.POSITIVE_INFINITY : absoluteBand - BAND_MARGIN,
      relativeBand === null ? Number.POSITIVE_INFINITY : (relativeBand - BAND_MARGIN) * target,
    ),
  );
  return { weights, limits, valuesUsd: new Float64Array(weights.length) };
}

/**
 * A conservative, allocation-free pre-check of core's bands for one day's holding values (equity > 0): false
 * only when no symbol can be outside its band. Compares values, not weights (|value − target × equity| >
 * limit × equity), so the daily loop divides nothing. The minimum days and the calendar are row gates checked first.
 */
function couldBreachBand(equity: number, band: BandCheck): boolean {
  const { weights, limits, valuesUsd } = band;
  for (let j = 0; j < weights.length; j++) {
    const drift = Math.abs((valuesUsd[j] as number) - (weights[j] as number) * equity);
    if (drift > (limits[j] as number) * equity) return true;
  }
  return false;
}

/**
 * The replay's hot loop, kept small so it compiles early and alone: value the account on each row from `from`,
 * storing the equity, while core must hold (no equity, before the minimum days, or inside every band of a period
 * already traded). Returns the first row where core could trade, its equity not stored, or the row count.
 */
export function valueQuietDays(
  from: number,
  account: { readonly cashUsd: number; readonly qty: Float64Array },
  closes: readonly Float64Array[],
  gates: Readonly<Pick<ReplayGates, 'eligibleRow' | 'periodRow'>>,
  band: BandCheck,
  equityUsd: Float64Array,
): number {
  const { cashUsd, qty } = account;
  const { eligibleRow, periodRow } = gates;
  const { valuesUsd } = band;
  const n = equityUsd.length;
  const k = qty.length;
  for (let t = from; t < n; t++) {
    let equity = cashUsd;
    for (let j = 0; j < k; j++) {
      const valueUsd = (qty[j] as number) * ((closes[j] as Float64Array)[t] as number);
      valuesUsd[j] = valueUsd;
      equity += valueUsd;
    }
    if (equity > 0 && t >= eligibleRow && (t >= periodRow || couldBreachBand(equity, band))) return t;
    equityUsd[t] = equity;
  }
  return n;
}
