import * as z from 'zod';
import { boundedNumber, type FieldHint, optionalPath, section } from './schema-fields.ts';

/** `dashboard:` — bind address; the token comes from DALIO_DASHBOARD_TOKEN or a 0600 `tokenFile`. */
export const dashboardSchema = section({
  host: z
    .string()
    .min(1)
    .meta({ expected: 'a host name or IP address such as 127.0.0.1' } satisfies FieldHint)
    .default('127.0.0.1'),
  port: boundedNumber({ min: 0, max: 65_535, int: true }).default(8787),
  tokenFile: optionalPath(),
  readOnlyWithoutToken: z
    .boolean()
    .meta({ expected: 'true or false' } satisfies FieldHint)
    .default(false),
});

/** Whether an address is reachable only from this machine (the dashboard binds another only with a token). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
