import type { StateDirOptions } from '@dalio-lite/state';
import { z } from 'zod';
import { createLockedJsonFile, type LockedJsonFile } from '../locked-json-file.ts';

/** File name of the alert state (which alerts are firing and when each was last sent). */
export const ALERTS_FILE = 'alerts.json';

const firingSchema = z.object({
  kind: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  title: z.string(),
  firstAt: z.iso.datetime({ offset: true }),
  lastSentAt: z.iso.datetime({ offset: true }),
});

/** Firing alerts by key, shared by every process that notifies (daemon, `dalio run`, `dalio health --alert`). */
export const alertStateSchema = z.object({ firing: z.record(z.string(), firingSchema) });

/** The persisted alert state. */
export type AlertState = z.infer<typeof alertStateSchema>;
/** One firing alert as remembered. */
export type FiringAlert = z.infer<typeof firingSchema>;

/** Open the alert state file of a state directory. */
export function createAlertStateFile(options: StateDirOptions): LockedJsonFile<AlertState> {
  return createLockedJsonFile({ ...options, fileName: ALERTS_FILE, schema: alertStateSchema });
}
