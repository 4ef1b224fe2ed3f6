import * as z from 'zod';
import { PROJECTION_DEFAULTS } from './goal-projection.ts';

/** The goal's stated defaults: 2.5 %/yr inflation, the contribution needed for an 80 % chance. */
export const GOAL_DEFAULTS = Object.freeze({ inflationPct: 2.5, probabilityPct: 80, ...PROJECTION_DEFAULTS });

const isoDate = z.iso.date();

/** A savings goal as stored in the state directory. Amounts are in dollars of the day it was set. */
export const goalSchema = z.object({
  amountUsd: z.number().positive(),
  targetDate: isoDate,
  monthlyUsd: z.number().min(0),
  inflationPct: z.number().min(-5).max(20),
  probabilityPct: z.number().gt(0).lt(100),
  /** When the goal was set, and the portfolio's value then: the start of the plan that progress is measured on. */
  setAt: z.iso.datetime({ offset: true }),
  startDate: isoDate,
  startValueUsd: z.number().min(0),
  /** The allocation the plan was projected with (fractions). */
  targets: z.record(z.string(), z.number()),
  paths: z.number().int().min(100).max(100_000),
  blockDays: z.number().int().min(1).max(252),
  seed: z.number().int(),
});

/** A stored goal. */
export type Goal = z.infer<typeof goalSchema>;

/** The goal file's content: the goal, or null once cleared. */
export const goalFileSchema = z.object({ goal: goalSchema.nullable() });
