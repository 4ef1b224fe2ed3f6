import * as z from 'zod';
import { formatValue } from './format-value.ts';
import {
  boundedNumber,
  choice,
  type FieldHint,
  optionalHttpUrl,
  optionalPath,
  section,
} from './schema-fields.ts';

/** True for `YYYY-MM-DD` or an ISO date-time that parses. */
function isIsoDateOrTime(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) &&
    Number.isFinite(Date.parse(text))
  );
}

/** `broker:` — which broker and how long to wait for it. Keys are not here: they come from the environment. */
export const brokerSchema = section({
  /** null = Alpaca when keys are set, else the simulator. */
  kind: choice(['simulator', 'alpaca'], 'a broker kind').nullable().default(null),
  alpaca: section({
    keyFile: optionalPath(),
    baseUrl: optionalHttpUrl(),
    dataFeed: choice(['iex', 'sip'], 'a data feed').default('iex'),
  }),
  simulator: section({
    dataDir: optionalPath(),
    speed: boundedNumber({ min: 0.001, max: 1_000_000 }).default(1),
    startAt: z
      .string()
      .refine(isIsoDateOrTime, {
        error: (issue) => `${formatValue(issue.input)} is not a date, use YYYY-MM-DD or an ISO date-time`,
      })
      .meta({ expected: 'a date (YYYY-MM-DD) or an ISO date-time' } satisfies FieldHint)
      .nullable()
      .default(null),
    startingCashUsd: boundedNumber({ min: 0 }).default(100_000),
    seed: boundedNumber({ min: 0, max: 2 ** 32 - 1, int: true }).default(1),
    /** Symbols the simulator trades in whole shares only (Alpaca: `fractionable: false`). */
    nonFractionable: z
      .array(
        z
          .string()
          .regex(/^[A-Z][A-Z0-9.]{0,9}$/, {
            error: (issue) => `${formatValue(issue.input)} is not a ticker symbol, use upper case, e.g. GLD`,
          })
          .meta({ expected: 'a ticker symbol, e.g. GLD' } satisfies FieldHint),
      )
      .default([]),
  }),
  orderTimeoutMs: boundedNumber({ min: 1_000, max: 600_000, int: true }).default(10_000),
  fillTimeoutMs: boundedNumber({ min: 1_000, max: 3_600_000, int: true }).default(120_000),
  lookupGraceMs: boundedNumber({ min: 0, max: 600_000, int: true }).default(30_000),
});
