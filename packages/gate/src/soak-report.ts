import { z } from 'zod';
import type { SoakReport } from './checklist-evidence.ts';
import { readOptionalJson } from './optional-file.ts';

const soakReportSchema = z.looseObject({
  days: z.number().nonnegative(),
  verdict: z.string().min(1),
  duplicateOrders: z.number().int().nonnegative(),
  unknownOrders: z.number().int().nonnegative(),
});

/** The `dalio soak --json` report at `path`, or null when there is none; a file of another shape throws. */
export async function readSoakReport(path: string): Promise<SoakReport | null> {
  const json = await readOptionalJson(path, 'save the report of `dalio soak --days 30 --json` there');
  if (json === null) return null;
  const parsed = soakReportSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `${path} is not a soak report (it needs days, verdict, duplicateOrders and unknownOrders); save the report of \`dalio soak --days 30 --json\` there`,
    );
  }
  const { days, verdict, duplicateOrders, unknownOrders } = parsed.data;
  return { days, verdict, duplicateOrders, unknownOrders };
}
