import type { StateDirOptions } from '@dalio-lite/state';
import { createLockedJsonFile, type LockedJsonFile } from './locked-json-file.ts';
import {
  METRICS,
  type MetricKey,
  type PersistedCounterKey,
  type PersistedHistogramKey,
} from './metric-definitions.ts';
import {
  bucketIndex,
  emptyMetricsFile,
  type HistogramSeries,
  type Labels,
  labelsKey,
  METRICS_FILE,
  type MetricsFile,
  metricsFileSchema,
  type Series,
} from './metrics-file.ts';

/** Days of broker request counts kept for the error rate over a window. */
const BROKER_DAYS_KEPT = 35;

/**
 * Records what this process sees (broker requests, retries, lock times, alert deliveries) and merges it into
 * the persisted metrics, so counters continue across restarts and across processes instead of resetting.
 */
export interface MetricsRecorder {
  increment(key: PersistedCounterKey, labels?: Labels, by?: number): void;
  observe(key: PersistedHistogramKey, labels: Labels, value: number): void;
  /** One broker request on a UTC day (`YYYY-MM-DD`), for the windowed error rate. */
  countBrokerRequest(day: string, failed: boolean): void;
  /** Replace a group of gauges read at `at` (ignored when the stored group is newer). */
  setGauges(group: string, at: Date, gauges: Partial<Record<MetricKey, readonly Series[]>>): void;
  /** Merge everything recorded so far into the file and return the merged metrics. Serialised per process. */
  flush(): Promise<MetricsFile>;
}

interface Pending {
  counters: Map<string, Map<string, Series>>;
  histograms: Map<string, Map<string, HistogramSeries>>;
  gaugeGroups: Map<string, MetricsFile['gaugeGroups'][string]>;
  brokerDays: Map<string, { requests: number; errors: number }>;
}

function emptyPending(): Pending {
  return { counters: new Map(), histograms: new Map(), gaugeGroups: new Map(), brokerDays: new Map() };
}

function isEmpty(pending: Pending): boolean {
  return (
    pending.counters.size === 0 &&
    pending.histograms.size === 0 &&
    pending.gaugeGroups.size === 0 &&
    pending.brokerDays.size === 0
  );
}

/** Options of the recorder: where the state directory is (the file is `metrics.json` in it). */
export type MetricsRecorderOptions = StateDirOptions;

/** Create the recorder of one process. */
export function createMetricsRecorder(options: MetricsRecorderOptions): MetricsRecorder {
  const file: LockedJsonFile<MetricsFile> = createLockedJsonFile({
    ...options,
    fileName: METRICS_FILE,
    schema: metricsFileSchema,
  });
  let pending = emptyPending();
  let queue: Promise<unknown> = Promise.resolve();

  const flushNow = async (): Promise<MetricsFile> => {
    if (isEmpty(pending)) return (await file.read()) ?? emptyMetricsFile();
    const taken = pending;
    pending = emptyPending();
    try {
      return await file.update((current) => merge(current ?? emptyMetricsFile(), taken));
    } catch (error) {
      // Nothing is lost: what was taken goes back in front of whatever arrived meanwhile.
      pending = combine(taken, pending);
      throw error;
    }
  };

  return {
    increment(key, labels = {}, by = 1) {
      if (!(by > 0)) return;
      const name = METRICS[key].name;
      const series = mapOf(pending.counters, name);
      const id = labelsKey(labels);
      const current = series.get(id);
      series.set(id, { labels: { ...labels }, value: (current?.value ?? 0) + by });
    },
    observe(key, labels, value) {
      if (!Number.isFinite(value) || value < 0) return;
      const { name, buckets: bounds = [] } = METRICS[key];
      const series = mapOf(pending.histograms, name);
      const id = labelsKey(labels);
      const current = series.get(id) ?? {
        labels: { ...labels },
        buckets: new Array<number>(bounds.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      const buckets = [...current.buckets];
      const index = bucketIndex(bounds, value);
      buckets[index] = (buckets[index] ?? 0) + 1;
      series.set(id, { ...current, buckets, sum: current.sum + value, count: current.count + 1 });
    },
    countBrokerRequest(day, failed) {
      const current = pending.brokerDays.get(day) ?? { requests: 0, errors: 0 };
      pending.brokerDays.set(day, {
        requests: current.requests + 1,
        errors: current.errors + (failed ? 1 : 0),
      });
    },
    setGauges(group, at, gauges) {
      const named: Record<string, Series[]> = {};
      for (const [key, series] of Object.entries(gauges)) {
        if (series) named[METRICS[key as MetricKey].name] = series.map((s) => ({ ...s }));
      }
      pending.gaugeGroups.set(group, { at: at.toISOString(), gauges: named });
    },
    flush() {
      const run = queue.then(flushNow, flushNow);
      queue = run.catch(() => {});
      return run;
    },
  };
}

function mapOf<V>(maps: Map<string, Map<string, V>>, name: string): Map<string, V> {
  let map = maps.get(name);
  if (!map) {
    map = new Map();
    maps.set(name, map);
  }
  return map;
}

/** Add pending deltas to the stored metrics. */
function merge(stored: MetricsFile, pending: Pending): MetricsFile {
  const counters = { ...stored.counters };
  for (const [name, deltas] of pending.counters) {
    const byKey = new Map((counters[name] ?? []).map((s) => [labelsKey(s.labels), s]));
    for (const [id, delta] of deltas) {
      byKey.set(id, { labels: delta.labels, value: (byKey.get(id)?.value ?? 0) + delta.value });
    }
    counters[name] = [...byKey.values()];
  }
  const histograms = { ...stored.histograms };
  for (const [name, deltas] of pending.histograms) {
    const bounds = definitionBounds(name);
    const existing = histograms[name];
    // Bounds changed between versions: older counts cannot be re-bucketed, so that histogram starts over.
    const sameBounds = existing !== undefined && sameNumbers(existing.bounds, bounds);
    const byKey = new Map((sameBounds ? existing.series : []).map((s) => [labelsKey(s.labels), s]));
    for (const [id, delta] of deltas) byKey.set(id, addHistogram(byKey.get(id), delta));
    histograms[name] = { bounds: [...bounds], series: [...byKey.values()] };
  }
  const gaugeGroups = { ...stored.gaugeGroups };
  for (const [group, value] of pending.gaugeGroups) {
    const current = gaugeGroups[group];
    if (!current || Date.parse(current.at) <= Date.parse(value.at)) gaugeGroups[group] = value;
  }
  const brokerDays = { ...stored.brokerDays };
  for (const [day, delta] of pending.brokerDays) {
    const current = brokerDays[day] ?? { requests: 0, errors: 0 };
    brokerDays[day] = { requests: current.requests + delta.requests, errors: current.errors + delta.errors };
  }
  const keptDays = Object.keys(brokerDays).sort().slice(-BROKER_DAYS_KEPT);
  return {
    counters,
    histograms,
    gaugeGroups,
    brokerDays: Object.fromEntries(
      keptDays.map((day) => [day, brokerDays[day] ?? { requests: 0, errors: 0 }]),
    ),
  };
}

/** Pending deltas `first` followed by `second` (after a failed flush). */
function combine(first: Pending, second: Pending): Pending {
  const result = emptyPending();
  for (const source of [first, second]) {
    for (const [name, series] of source.counters) {
      const target = mapOf(result.counters, name);
      for (const [id, s] of series)
        target.set(id, { labels: s.labels, value: (target.get(id)?.value ?? 0) + s.value });
    }
    for (const [name, series] of source.histograms) {
      const target = mapOf(result.histograms, name);
      for (const [id, s] of series) target.set(id, addHistogram(target.get(id), s));
    }
    for (const [group, value] of source.gaugeGroups) result.gaugeGroups.set(group, value);
    for (const [day, delta] of source.brokerDays) {
      const current = result.brokerDays.get(day) ?? { requests: 0, errors: 0 };
      result.brokerDays.set(day, {
        requests: current.requests + delta.requests,
        errors: current.errors + delta.errors,
      });
    }
  }
  return result;
}

function addHistogram(current: HistogramSeries | undefined, delta: HistogramSeries): HistogramSeries {
  if (!current) return delta;
  return {
    labels: delta.labels,
    buckets: delta.buckets.map((count, index) => count + (current.buckets[index] ?? 0)),
    sum: current.sum + delta.sum,
    count: current.count + delta.count,
  };
}

function definitionBounds(name: string): readonly number[] {
  for (const definition of Object.values(METRICS)) {
    if (definition.name === name && 'buckets' in definition) return definition.buckets;
  }
  return [];
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
