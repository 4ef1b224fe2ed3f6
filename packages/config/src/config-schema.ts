import * as z from 'zod';
import { allocationSchema } from './allocation-schema.ts';
import { backupSchema } from './backup-schema.ts';
import { brokerSchema } from './broker-schema.ts';
import { dashboardSchema } from './dashboard-schema.ts';
import { liveSchema } from './live-schema.ts';
import { loggingSchema } from './logging-schema.ts';
import { notificationsSchema } from './notifications-schema.ts';
import { pathsSchema } from './paths-schema.ts';
import { planSchema } from './plan-schema.ts';
import { policySchema } from './policy-schema.ts';
import { riskSchema } from './risk-schema.ts';
import { scheduleSchema } from './schedule-schema.ts';
import { choice } from './schema-fields.ts';

/** The whole file, `dalio.yaml`. Every object is strict: an unknown key is an error, not ignored. */
export const configFileSchema = z.strictObject({
  mode: choice(['paper', 'live'], 'a mode').default('paper'),
  allocation: allocationSchema,
  policy: policySchema,
  plan: planSchema,
  risk: riskSchema,
  broker: brokerSchema,
  schedule: scheduleSchema,
  paths: pathsSchema,
  dashboard: dashboardSchema,
  notifications: notificationsSchema,
  backup: backupSchema,
  live: liveSchema,
  logging: loggingSchema,
});

/** The file's settings after validation, before the environment and paths are resolved. */
export type ConfigFile = z.output<typeof configFileSchema>;
