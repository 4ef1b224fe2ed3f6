import type { RebalancePolicy } from '@dalio-lite/core';
import * as z from 'zod';
import { bandPercent, boundedNumber, choice } from './schema-fields.ts';

/** `policy:` — when to rebalance. Bands in percent for humans, resolved to core's fractions. */
export const policySchema = z
  .strictObject({
    absoluteBandPct: bandPercent(5),
    relativeBandPct: bandPercent(25),
    calendar: choice(['none', 'monthly', 'quarterly', 'yearly'], 'a calendar period')
      .nullable()
      .default('none'),
    minDaysBetween: boundedNumber({ min: 0, max: 366, int: true }).default(30),
  })
  .transform((file, ctx): RebalancePolicy => {
    const calendar = file.calendar === 'none' || file.calendar === null ? null : file.calendar;
    if (file.absoluteBandPct === null && file.relativeBandPct === null && calendar === null) {
      ctx.issues.push({
        code: 'custom',
        input: file,
        message:
          'every band is off and there is no calendar, so it would never rebalance; set absoluteBandPct, relativeBandPct or calendar',
      });
      return z.NEVER;
    }
    return {
      absoluteBand: file.absoluteBandPct,
      relativeBand: file.relativeBandPct,
      calendar,
      minDaysBetween: file.minDaysBetween,
    };
  })
  .prefault({});
