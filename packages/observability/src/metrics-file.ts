import { z } from 'zod';

/** Label name → value of one series. */
export type Labels = Readonly<Record<string, string>>;

const labelsSchema = z.record(z.string(), z.string());
const seriesSchema = z.object({ labels: labelsSchema, value: z.number().finite() });
const histogramSeriesSchema = z.object({
  labels: labelsSchema,
  /** Per bucket, not cumulative: one count per bound, then one for +Inf. */
  buckets: z.array(z.number().nonnegative()),
  sum: z.number().finite(),
  count: z.number().nonnegative(),
});

/** Counters, histograms and last-known gauges that must survive a restart, as kept in `metrics.json`. */
export const metricsFileSchema = z.object({
  counters: z.record(z.string(), z.array(seriesSchema)),
  histograms: z.record(
    z.string(),
    z.object({ bounds: z.array(z.number()), series: z.array(histogramSeriesSchema) }),
  ),
  /** Gauges read at one moment by one writer (`portfolio` after a cycle, `health` after the checks). */
  gaugeGroups: z.record(
    z.string(),
    z.object({ at: z.iso.datetime({ offset: true }), gauges: z.record(z.string(), z.array(seriesSchema)) }),
  ),
  /** Broker requests and failures per UTC day, for the error rate over a window. */
  brokerDays: z.record(
    z.iso.date(),
    z.object({ requests: z.number().int().nonnegative(), errors: z.number().int().nonnegative() }),
  ),
});

/** The persisted metrics. */
export type MetricsFile = z.infer<typeof metricsFileSchema>;
/** One series of a counter or gauge. */
export type Series = z.infer<typeof seriesSchema>;
/** One series of a histogram. */
export type HistogramSeries = z.infer<typeof histogramSeriesSchema>;

/** File name of the persisted metrics in the state directory. */
export const METRICS_FILE = 'metrics.json';

/** The metrics of a state directory that never recorded anything. */
export function emptyMetricsFile(): MetricsFile {
  return { counters: {}, histograms: {}, gaugeGroups: {}, brokerDays: {} };
}

/** A stable key for a label set (label order does not matter). */
export function labelsKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

/** The index of the bucket `value` falls in: the first bound ≥ value, or the +Inf bucket. */
export function bucketIndex(bounds: readonly number[], value: number): number {
  const index = bounds.findIndex((bound) => value <= bound);
  return index === -1 ? bounds.length : index;
}
