import { z } from 'zod';
import { brokerAnswerSchema, plannedOrderSchema, tradingDaySchema } from './state-schema.ts';

const isoTimestamp = z.iso.datetime({ offset: true });

/** How a cycle ended. `busy`: another process held the lock; `refused`: a guard or unverifiable state stopped it. */
export const cycleOutcomeSchema = z.enum(['committed', 'partial', 'failed', 'hold', 'busy', 'refused']);

/** One rebalance cycle as recorded in the history: what was decided, sent, answered and reconciled. */
export const historyEntrySchema = z.object({
  cycleId: z.string().min(1),
  day: tradingDaySchema.nullable(),
  startedAt: isoTimestamp,
  finishedAt: isoTimestamp,
  outcome: cycleOutcomeSchema,
  /** Why the cycle ended as it did (the engine's cycle code, e.g. `traded`, `market-closed`); absent on older lines. */
  code: z.string().min(1).optional(),
  decision: z.object({
    kind: z.enum(['hold', 'trade', 'none']),
    reason: z.string(),
    /** The policy's hold code (`within-band`, `min-days`, ...) when it held; absent on older lines. */
    code: z.string().min(1).optional(),
  }),
  orders: z.array(plannedOrderSchema),
  brokerAnswers: z.array(brokerAnswerSchema),
  reconciliationNotes: z.array(z.string()),
  /** Named phase durations, e.g. `{ snapshot: 120, sells: 4300 }`. */
  durationsMs: z.record(z.string(), z.number().nonnegative()),
  errors: z.array(z.string()),
  /** The target weights the cycle ran with (fractions); absent on older lines. */
  targets: z.record(z.string(), z.number()).optional(),
});

/** How a cycle ended. */
export type CycleOutcome = z.infer<typeof cycleOutcomeSchema>;
/** One recorded cycle. */
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** A verified history line: `n` numbers the cycles from 1 in append order. */
export interface HistoryRecord {
  n: number;
  entry: HistoryEntry;
}

/** An allocation as recorded in the history: the preset name (or `custom`) and its weights as fractions. */
const recordedAllocationSchema = z.object({
  preset: z.string().min(1),
  targets: z.record(z.string(), z.number()),
});

/**
 * Something recorded between cycles. A line of the same file as the cycles, told apart by `kind`; cycle lines
 * have no `kind`, so every line written before events existed still reads as a cycle.
 */
export const historyEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('allocation-changed'),
    at: isoTimestamp,
    /** Who made the change (`--by`, the dashboard user, or the login name). */
    by: z.string().min(1),
    from: recordedAllocationSchema,
    to: recordedAllocationSchema,
    /** The config file written, and the copy of its previous content (null when there was no file). */
    configPath: z.string().min(1),
    backupPath: z.string().min(1).nullable(),
  }),
]);

/** Something recorded between cycles (an allocation change). */
export type HistoryEvent = z.infer<typeof historyEventSchema>;

/** A verified event line, numbered in the same sequence as the cycles. */
export interface HistoryEventRecord {
  n: number;
  event: HistoryEvent;
}

/** The shape of one line on disk; `sha256` covers the canonical JSON of `{n, entry}`. */
export const historyLineSchema = z.object({
  n: z.number().int().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  entry: z.unknown(),
});
