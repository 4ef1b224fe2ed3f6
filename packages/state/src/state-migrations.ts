import { z } from 'zod';
import type { SchemaMigration, VersionedSchema } from './checked-json-file.ts';
import {
  breakersSchema,
  dayRecordSchema,
  STATE_SCHEMA_VERSION,
  type StatePayload,
  statePayloadSchema,
} from './state-schema.ts';

/** Schema version 1: a flat `lastRebalanceDate` string and no live tier. */
export const statePayloadV1Schema = z.object({
  days: z.record(z.iso.date(), dayRecordSchema),
  lastRebalanceDate: z.iso.date().nullable(),
  highWaterMarkUsd: z.number().nonnegative().nullable(),
  breakers: breakersSchema,
  halt: z.object({ since: z.iso.datetime({ offset: true }), reason: z.string().min(1) }).nullable(),
});

/** The v1 payload. */
export type StatePayloadV1 = z.infer<typeof statePayloadV1Schema>;

/**
 * v1 → v2: `lastRebalanceDate` becomes `lastRebalance: {day, at}`, taking `at` from that day's record
 * (its finish, else its last update, else the day's midnight UTC); `liveTier` starts null (paper).
 */
export const migrateStateV1ToV2: SchemaMigration = {
  from: 1,
  migrate(payload: unknown): unknown {
    const v1 = statePayloadV1Schema.parse(payload);
    const { lastRebalanceDate, ...rest } = v1;
    let lastRebalance: StatePayload['lastRebalance'] = null;
    if (lastRebalanceDate !== null) {
      const record = v1.days[lastRebalanceDate];
      const at = record?.finishedAt ?? record?.updatedAt ?? `${lastRebalanceDate}T00:00:00.000Z`;
      lastRebalance = { day: lastRebalanceDate, at };
    }
    return { ...rest, lastRebalance, liveTier: null };
  },
};

/** The `state.json` schema with its migration chain. */
export const STATE_SCHEMA: VersionedSchema<StatePayload> = {
  version: STATE_SCHEMA_VERSION,
  schema: statePayloadSchema,
  migrations: [migrateStateV1ToV2],
};
