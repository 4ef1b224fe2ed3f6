import { z } from 'zod';
import type { SchemaMigration, VersionedSchema } from './checked-json-file.ts';
import {
  breakersSchema,
  brokerAnswerSchema,
  dayStatusSchema,
  liveTierSchema,
  orderAmountSchema,
  orderSideSchema,
  STATE_SCHEMA_VERSION,
  type StatePayload,
  statePayloadSchema,
} from './state-schema.ts';

const isoTimestamp = z.iso.datetime({ offset: true });
const haltSchema = z.object({ since: isoTimestamp, reason: z.string().min(1) }).nullable();

/** A day record as schema versions 1 and 2 wrote it: no reserve, planned orders without `wantUsd`. */
const dayRecordV2Schema = z.object({
  day: z.iso.date(),
  status: dayStatusSchema,
  attempt: z.number().int().nonnegative(),
  plannedOrders: z.array(
    z.object({
      clientOrderId: z.string().min(1).max(48),
      symbol: z.string().min(1),
      side: orderSideSchema,
      amount: orderAmountSchema,
      estimatedValueUsd: z.number().finite(),
    }),
  ),
  brokerAnswers: z.array(brokerAnswerSchema),
  reasons: z.array(z.string()),
  startedAt: isoTimestamp,
  updatedAt: isoTimestamp,
  finishedAt: isoTimestamp.nullable(),
});

/** Schema version 1: a flat `lastRebalanceDate` string and no live tier. */
export const statePayloadV1Schema = z.object({
  days: z.record(z.iso.date(), dayRecordV2Schema),
  lastRebalanceDate: z.iso.date().nullable(),
  highWaterMarkUsd: z.number().nonnegative().nullable(),
  breakers: breakersSchema,
  halt: haltSchema,
});

/** The v1 payload. */
export type StatePayloadV1 = z.infer<typeof statePayloadV1Schema>;

/** Schema version 2: `lastRebalance: {day, at}` and the live tier; no account binding, no reserve per day. */
export const statePayloadV2Schema = z.object({
  days: z.record(z.iso.date(), dayRecordV2Schema),
  lastRebalance: z.object({ day: z.iso.date(), at: isoTimestamp }).nullable(),
  highWaterMarkUsd: z.number().nonnegative().nullable(),
  breakers: breakersSchema,
  halt: haltSchema,
  liveTier: liveTierSchema,
});

/** The v2 payload. */
export type StatePayloadV2 = z.infer<typeof statePayloadV2Schema>;

/**
 * v1 → v2: `lastRebalanceDate` becomes `lastRebalance: {day, at}`, taking `at` from that day's record
 * (its finish, else its last update, else the day's midnight UTC); `liveTier` starts null (paper).
 */
export const migrateStateV1ToV2: SchemaMigration = {
  from: 1,
  migrate(payload: unknown): unknown {
    const v1 = statePayloadV1Schema.parse(payload);
    const { lastRebalanceDate, ...rest } = v1;
    let lastRebalance: StatePayloadV2['lastRebalance'] = null;
    if (lastRebalanceDate !== null) {
      const record = v1.days[lastRebalanceDate];
      const at = record?.finishedAt ?? record?.updatedAt ?? `${lastRebalanceDate}T00:00:00.000Z`;
      lastRebalance = { day: lastRebalanceDate, at };
    }
    return { ...rest, lastRebalance, liveTier: null } satisfies StatePayloadV2;
  },
};

/**
 * v2 → v3: the state is not yet bound to a broker account (the next cycle binds it to the account it
 * trades), and no day record knows the reserve its plan kept (`reserveUsd: null`; an open intent's buys are
 * then sized against the reserve recomputed from the account), nor its cash at the intent (`cashAtIntentUsd: null`).
 */
export const migrateStateV2ToV3: SchemaMigration = {
  from: 2,
  migrate(payload: unknown): unknown {
    const v2 = statePayloadV2Schema.parse(payload);
    const days = Object.fromEntries(
      Object.entries(v2.days).map(([day, record]) => [
        day,
        { ...record, reserveUsd: null, cashAtIntentUsd: null },
      ]),
    );
    return { account: null, ...v2, days } satisfies StatePayload;
  },
};

/** The `state.json` schema with its migration chain. */
export const STATE_SCHEMA: VersionedSchema<StatePayload> = {
  version: STATE_SCHEMA_VERSION,
  schema: statePayloadSchema,
  migrations: [migrateStateV1ToV2, migrateStateV2ToV3],
};
