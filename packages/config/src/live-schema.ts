import * as z from 'zod';
import { boundedNumber, section } from './schema-fields.ts';

/** `live:` — the gate to real money: an explicit confirmation, capital tiers, and paper days first. */
export const liveSchema = section({
  confirmed: z.boolean().default(false),
  tiers: z
    .array(boundedNumber({ min: 1 }))
    .refine((tiers) => tiers.every((tier, index) => index === 0 || tier > (tiers[index - 1] ?? 0)), {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not in increasing order, list the tiers from smallest to largest (e.g. [1000, 5000])`,
    })
    .default([1000, 5000]),
  requiredPaperDays: boundedNumber({ min: 0, max: 3650, int: true }).default(30),
});
