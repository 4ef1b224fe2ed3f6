import * as z from 'zod';
import type { PlanConfig } from './dalio-config.ts';
import { boundedNumber, choice, percentAsFraction } from './schema-fields.ts';

/** `plan:` — how drift becomes orders. `cashReservePct: 0.5` means 0.5 % of equity. */
export const planSchema = z
  .strictObject({
    minTradeUsd: boundedNumber({ min: 0 }).default(100),
    cashReserveUsd: boundedNumber({ min: 0 }).default(0),
    cashReservePct: percentAsFraction({ min: 0, max: 50 }, 0.5),
    tradeTo: choice(['target', 'band-edge'], 'a trade-to mode').default('target'),
    nonTargetHoldings: choice(['ignore', 'liquidate'], 'a way to treat non-target holdings').default(
      'ignore',
    ),
    wholeShares: z.boolean().default(false),
    buyPriceAllowancePct: percentAsFraction({ min: 0, max: 5 }, 0.1),
  })
  .transform(
    ({ buyPriceAllowancePct, ...file }): PlanConfig => ({
      ...file,
      buyPriceAllowance: buyPriceAllowancePct,
    }),
  )
  .prefault({});
