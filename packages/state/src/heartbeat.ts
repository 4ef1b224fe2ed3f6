import { z } from 'zod';
import { createDurableJsonFile, type DurableJsonFile } from './durable-json-file.ts';
import { cycleOutcomeSchema } from './history-schema.ts';
import type { StateDirOptions } from './state-dir.ts';
import { tradingDaySchema } from './state-schema.ts';

/** File name of the heartbeat. */
export const HEARTBEAT_FILE = 'heartbeat.json';

/** The last cycle's time and outcome, for health checks. */
export const heartbeatSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  outcome: cycleOutcomeSchema,
  day: tradingDaySchema.nullable(),
  detail: z.string(),
});

/** The last cycle's time and outcome. */
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** Create the heartbeat file of a state directory (written at the end of every cycle). */
export function createHeartbeat(options: StateDirOptions): DurableJsonFile<Heartbeat> {
  return createDurableJsonFile({ ...options, fileName: HEARTBEAT_FILE, schema: heartbeatSchema });
}
