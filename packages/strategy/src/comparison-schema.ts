import * as z from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One allocation's backtest: the backtester's figures, unrounded, and its curves on the comparison's dates. */
export const strategyFiguresSchema = z.object({
  id: z.string(),
  description: z.string(),
  current: z.boolean(),
  /** Target weights as fractions. */
  targets: z.record(z.string(), z.number()),
  startDate: isoDate,
  endDate: isoDate,
  startValue: z.number(),
  finalValue: z.number(),
  totalReturn: z.number(),
  cagr: z.number(),
  volatility: z.number(),
  sharpe: z.number(),
  maxDrawdown: z.number(),
  maxDrawdownPeakDate: isoDate,
  maxDrawdownTroughDate: isoDate,
  worstYear: z.object({ year: z.number().int(), return: z.number() }).nullable(),
  rebalances: z.number().int(),
  turnover: z.number(),
  turnoverUsd: z.number(),
  costs: z.number(),
  feesUsd: z.number(),
  slippageUsd: z.number(),
  /** Equity at each close in USD (to the cent), one value per date of the comparison. */
  equityUsd: z.array(z.number()),
  /** Fall from the running peak at each close, as a positive fraction. */
  drawdown: z.array(z.number()),
});

/** Several allocations replayed over the same dates with the same policy, plan and start cash. */
export const strategyComparisonSchema = z.object({
  /** The cache key: the hash of every input, the price data's identity included. */
  key: z.string(),
  dates: z.array(isoDate),
  /** The dates every compared symbol has history for, before the requested range was applied. */
  commonRange: z.object({ firstDate: isoDate, lastDate: isoDate }),
  policy: z.object({
    absoluteBand: z.number().nullable(),
    relativeBand: z.number().nullable(),
    calendar: z.enum(['monthly', 'quarterly', 'yearly']).nullable(),
    minDaysBetween: z.number(),
  }),
  startCashUsd: z.number(),
  riskFreeRate: z.number(),
  strategies: z.array(strategyFiguresSchema),
  /** Allocations left out because the history lacks some of their symbols. */
  skipped: z.array(z.object({ id: z.string(), missing: z.array(z.string()) })),
});

/** One allocation's figures and curves. */
export type StrategyFigures = z.infer<typeof strategyFiguresSchema>;
/** A side-by-side comparison of allocations. */
export type StrategyComparison = z.infer<typeof strategyComparisonSchema>;
