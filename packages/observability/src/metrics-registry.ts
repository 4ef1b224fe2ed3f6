import { createRequire } from 'node:module';
import type { HistoryRecord, StatePayload } from '@dalio-lite/state';
import type { Counter, Metric, Registry } from 'prom-client';
import { METRICS, type MetricDefinition } from './metric-definitions.ts';
import type { MetricsRecorder } from './metrics-recorder.ts';
import { buildMetricsSnapshot, type MetricsSnapshot } from './metrics-snapshot.ts';

/** Where the metrics come from: the history, the state, this process's recorder and the state directory. */
export interface DalioMetricsOptions {
  stateDir: string;
  /** Verified history records, oldest first. */
  readHistory(): Promise<readonly HistoryRecord[]>;
  /** The state payload, or null when there is none or it cannot be read (the metrics still render). */
  readState(): Promise<StatePayload | null>;
  recorder: MetricsRecorder;
  build: { version: string; mode: string; broker: string };
  now?: () => Date;
}

/** The Prometheus registry of Dalio Lite and its text rendering. */
export interface DalioMetrics {
  readonly registry: Registry;
  readonly contentType: string;
  /** Read every source and render the Prometheus text format (one read per call; calls are serialised). */
  render(): Promise<string>;
}

/** Create the registry: every metric of `METRICS`, filled from its sources at each render. */
export function createDalioMetrics(options: DalioMetricsOptions): DalioMetrics {
  const now = options.now ?? (() => new Date());
  let current: MetricsSnapshot = { series: new Map(), histograms: new Map() };
  let built: Registry | undefined;
  const registryOf = (): Registry => {
    built ??= buildRegistry(() => current);
    return built;
  };

  let queue: Promise<unknown> = Promise.resolve();
  const renderNow = async (): Promise<string> => {
    const [history, state, persisted] = await Promise.all([
      options.readHistory(),
      options.readState(),
      options.recorder.flush(),
    ]);
    current = await buildMetricsSnapshot({
      build: { ...options.build, nodeVersion: process.version },
      history,
      state,
      persisted,
      stateDir: options.stateDir,
      now: now(),
    });
    return registryOf().metrics();
  };
  return {
    get registry() {
      return registryOf();
    },
    get contentType() {
      return registryOf().contentType;
    },
    render() {
      const run = queue.then(renderNow, renderNow);
      queue = run.catch(() => {});
      return run;
    },
  };
}

/** prom-client (and the OpenTelemetry API it loads) is required when metrics are first used: most commands never. */
const loadPromClient = (): typeof import('prom-client') => createRequire(import.meta.url)('prom-client');

/** A registry with every metric of `METRICS`, each reporting the current snapshot when collected. */
function buildRegistry(snapshot: () => MetricsSnapshot): Registry {
  const { Counter, Registry } = loadPromClient();
  const registry = new Registry();
  for (const definition of Object.values(METRICS) as MetricDefinition[]) {
    const labelNames = [...definition.labelNames];
    if (definition.type === 'counter') {
      const counter: Counter<string> = new Counter({
        name: definition.name,
        help: definition.help,
        labelNames,
        registers: [registry],
        collect() {
          counter.reset();
          for (const { labels, value } of snapshot().series.get(definition.name) ?? [])
            counter.inc(labels, value);
        },
      });
    } else {
      // prom-client's Gauge reports 0 for a label-less value never set (a last-success time that is unknown must be
      // absent, not 1970), and its Histogram cannot take stored bucket counts: these collectors report exactly
      // the stored series, in the shape prom-client's registry renders.
      registry.registerMetric(storedCollector(definition, snapshot) as unknown as Metric);
    }
  }
  return registry;
}

/** A gauge or histogram collector over stored series, in the shape prom-client's registry renders. */
function storedCollector(definition: MetricDefinition, snapshot: () => MetricsSnapshot) {
  const { name, help, type } = definition;
  return {
    name,
    help,
    type,
    aggregator: 'sum' as const,
    reset() {},
    async get() {
      const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
      if (type === 'gauge') {
        for (const { labels, value } of snapshot().series.get(name) ?? [])
          values.push({ metricName: name, labels, value });
        return { name, help, type, aggregator: 'sum' as const, values };
      }
      const stored = snapshot().histograms.get(name);
      const bounds = definition.buckets ?? [];
      for (const series of stored?.series ?? []) {
        let cumulative = 0;
        bounds.forEach((bound, index) => {
          cumulative += series.buckets[index] ?? 0;
          values.push({
            metricName: `${name}_bucket`,
            labels: { ...series.labels, le: bound },
            value: cumulative,
          });
        });
        values.push({
          metricName: `${name}_bucket`,
          labels: { ...series.labels, le: '+Inf' },
          value: series.count,
        });
        values.push({ metricName: `${name}_sum`, labels: { ...series.labels }, value: series.sum });
        values.push({ metricName: `${name}_count`, labels: { ...series.labels }, value: series.count });
      }
      return { name, help, type, aggregator: 'sum' as const, values };
    },
  };
}
