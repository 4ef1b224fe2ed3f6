import { BROKER_VENUES } from '@dalio-lite/core';
import { createDurableJsonFile, type DurableJsonFile, type StateDirOptions } from '@dalio-lite/state';
import { z } from 'zod';

const isoTimestamp = z.iso.datetime({ offset: true });

/** The decision that turned live trading on: tier, account, who, when, and the checklist it rested on. */
export const liveDecisionSchema = z.object({
  tier: z.number().int().min(1),
  capitalCapUsd: z.number().positive().nullable(),
  /** The account the broker reported and the operator confirmed; every live cycle must meet it again. */
  accountId: z.string().min(1),
  accountNumber: z.string().min(1),
  venue: z.enum(BROKER_VENUES),
  endpoint: z.string().min(1),
  enabledAt: isoTimestamp,
  /** When the current tier began (moving tiers resets it; its clean days count from here). */
  tierSince: isoTimestamp,
  by: z.string().min(1),
  note: z.string(),
});

/** One line of the live decision log: every enable, tier move and disable, with who and why. */
export const liveLogEntrySchema = z.object({
  at: isoTimestamp,
  action: z.enum(['enable', 'tier', 'disable']),
  tier: z.number().int().min(1).nullable(),
  accountNumber: z.string().nullable(),
  by: z.string().min(1),
  note: z.string(),
  /** The checklist verdict the action rested on (none for a disable, which never needs one). */
  checklist: z.object({ verdict: z.enum(['GO', 'NO-GO']), checkedAt: isoTimestamp }).nullable(),
});

/** `live-gate.json`: the current decision (null = live is off) and the log of every decision. */
export const liveGateRecordSchema = z.object({
  current: liveDecisionSchema.nullable(),
  log: z.array(liveLogEntrySchema),
});

/** The operator's sign-off of one manual checklist item. */
export const signOffSchema = z.object({ by: z.string().min(1), at: isoTimestamp, note: z.string() });

/** `checklist-signoffs.json`: the sign-off of each manual item, by item id. */
export const signOffRecordSchema = z.object({ items: z.record(z.string(), signOffSchema) });

/** One channel's result of a `dalio alert test`. */
export const alertTestDeliverySchema = z.object({
  channel: z.string().min(1),
  kind: z.string().min(1),
  ok: z.boolean(),
  error: z.string().nullable(),
});

/** `alert-tests.json`: the recent runs of `dalio alert test`, newest last. */
export const alertTestRecordSchema = z.object({
  tests: z.array(z.object({ at: isoTimestamp, deliveries: z.array(alertTestDeliverySchema) })),
});

/** The live decision. */
export type LiveDecision = z.infer<typeof liveDecisionSchema>;
/** One decision of the log. */
export type LiveLogEntry = z.infer<typeof liveLogEntrySchema>;
/** The live gate file. */
export type LiveGateRecord = z.infer<typeof liveGateRecordSchema>;
/** A manual item's sign-off. */
export type SignOff = z.infer<typeof signOffSchema>;
/** Every sign-off. */
export type SignOffRecord = z.infer<typeof signOffRecordSchema>;
/** One channel's test delivery. */
export type AlertTestDelivery = z.infer<typeof alertTestDeliverySchema>;
/** The recorded alert tests. */
export type AlertTestRecord = z.infer<typeof alertTestRecordSchema>;

/** File names inside the state directory (checksummed, written durably like the state itself). */
export const LIVE_GATE_FILE = 'live-gate.json';
export const SIGNOFFS_FILE = 'checklist-signoffs.json';
export const ALERT_TESTS_FILE = 'alert-tests.json';

/** How many alert test runs are kept. */
const KEEP_ALERT_TESTS = 20;

/** The gate's files in one state directory. */
export interface GateFiles {
  liveGate: DurableJsonFile<LiveGateRecord>;
  signOffs: DurableJsonFile<SignOffRecord>;
  alertTests: DurableJsonFile<AlertTestRecord>;
  /** Append one `dalio alert test` run (keeping the newest runs). */
  recordAlertTest(at: Date, deliveries: readonly AlertTestDelivery[]): Promise<void>;
}

/** Open the gate's files in a state directory (nothing is read or written until used). */
export function openGateFiles(options: StateDirOptions): GateFiles {
  const alertTests = createDurableJsonFile({
    ...options,
    fileName: ALERT_TESTS_FILE,
    schema: alertTestRecordSchema,
  });
  return {
    liveGate: createDurableJsonFile({ ...options, fileName: LIVE_GATE_FILE, schema: liveGateRecordSchema }),
    signOffs: createDurableJsonFile({ ...options, fileName: SIGNOFFS_FILE, schema: signOffRecordSchema }),
    alertTests,
    async recordAlertTest(at, deliveries) {
      const tests = (await alertTests.read())?.tests ?? [];
      await alertTests.write({
        tests: [...tests, { at: at.toISOString(), deliveries: [...deliveries] }].slice(-KEEP_ALERT_TESTS),
      });
    },
  };
}
