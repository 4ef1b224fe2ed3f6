import * as z from 'zod';
import { boundedNumber, optionalPath, section } from './schema-fields.ts';

/**
 * `live:` — the gate to real money: capital tiers and how long each must run clean, the paper days first, and
 * where the checklist finds its evidence. The confirmation itself is typed at `dalio live enable`, never here.
 */
export const liveSchema = section({
  tiers: z
    .array(boundedNumber({ min: 1 }))
    .refine((tiers) => tiers.every((tier, index) => index === 0 || tier > (tiers[index - 1] ?? 0)), {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not in increasing order, list the tiers from smallest to largest (e.g. [1000, 5000])`,
    })
    .default([1000, 5000]),
  /** Live trading days without an error on one tier before `dalio live enable` may move to the next. */
  tierDays: boundedNumber({ min: 0, max: 365, int: true }).default(7),
  requiredPaperDays: boundedNumber({ min: 0, max: 3650, int: true }).default(30),
  /** The Alpaca paper install whose history proves the paper days; null = the default paper state directory. */
  paperStateDir: optionalPath(),
  /** The JSON report of `dalio soak --days 30 --json`; null = `soak-report.json` beside the state directories. */
  soakReport: optionalPath(),
  /** The `npm test` result file; null = `.dalio/test-result.json` in the installation (written by `npm test`). */
  testResult: optionalPath(),
  /** The newest verified backup (local and off-site) may be at most this old. */
  maxBackupAgeHours: boundedNumber({ min: 1, max: 24 * 90, int: true }).default(48),
  /** The last passing restore drill may be at most this old. */
  maxDrillAgeDays: boundedNumber({ min: 1, max: 365, int: true }).default(30),
  /** This machine's clock may differ from the broker's by at most this much. */
  maxClockSkewMs: boundedNumber({ min: 100, max: 600_000, int: true }).default(2_000),
});
