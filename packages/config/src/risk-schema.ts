import type { RiskLimits } from '@dalio-lite/core';
import * as z from 'zod';
import { optionalLimit, optionalPercentLimit, percentAsFraction } from './schema-fields.ts';

/** `risk:` — breakers and limits in percent; the live capital cap comes from `live.tiers`, not from here. */
export const riskSchema = z
  .strictObject({
    maxDailyLossPct: percentAsFraction({ min: 0.1, max: 100 }, 5),
    maxDrawdownPct: percentAsFraction({ min: 0.1, max: 100 }, 30),
    maxOrderUsd: optionalLimit('an amount in dollars above 0, or off'),
    maxTurnoverPct: optionalPercentLimit(200),
    maxWeightPct: optionalPercentLimit(100),
  })
  .transform(
    (file): RiskLimits => ({
      maxDailyLoss: file.maxDailyLossPct,
      maxDrawdown: file.maxDrawdownPct,
      maxOrderUsd: file.maxOrderUsd,
      maxTurnover: file.maxTurnoverPct,
      maxWeight: file.maxWeightPct,
      capitalCapUsd: null,
    }),
  )
  .prefault({});
