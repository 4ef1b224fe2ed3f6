import { stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import {
  HEARTBEAT_FILE,
  HISTORY_FILE,
  type HistoryRecord,
  STATE_FILE,
  type StatePayload,
} from '@dalio-lite/state';
import { ALERTS_FILE } from './alerts/alert-state.ts';
import { type HistorySummary, summarizeHistory } from './history-summary.ts';
import { METRICS, type MetricDefinition } from './metric-definitions.ts';
import {
  bucketIndex,
  type HistogramSeries,
  METRICS_FILE,
  type MetricsFile,
  type Series,
} from './metrics-file.ts';
import { NO_TRADE_REASONS } from './no-trade-reason.ts';
import { LEDGER_FILE } from './positions-ledger.ts';

/** Every metric's series at one moment: what one scrape or one `dalio metrics` prints. */
export interface MetricsSnapshot {
  series: Map<string, Series[]>;
  histograms: Map<string, { bounds: readonly number[]; series: HistogramSeries[] }>;
}

/** The files of the state directory whose size is exported (a fixed set, so a fixed label). */
export const SIZED_STATE_FILES = [
  STATE_FILE,
  HISTORY_FILE,
  HEARTBEAT_FILE,
  METRICS_FILE,
  ALERTS_FILE,
  LEDGER_FILE,
] as const;

/** What a snapshot is built from; each part is read by the caller (or null when it could not be read). */
export interface SnapshotInputs {
  build: { version: string; mode: string; broker: string; nodeVersion: string };
  history: readonly HistoryRecord[];
  state: StatePayload | null;
  persisted: MetricsFile;
  stateDir: string;
  now: Date;
}

const seconds = (iso: string): number => Date.parse(iso) / 1000;

/** Build the series of every metric from the history, the state, the persisted counters and the directory. */
export async function buildMetricsSnapshot(inputs: SnapshotInputs): Promise<MetricsSnapshot> {
  const series = new Map<string, Series[]>();
  const histograms: MetricsSnapshot['histograms'] = new Map();
  const put = (definition: MetricDefinition, values: Series[]) => series.set(definition.name, values);
  const { build, persisted, state, now } = inputs;

  put(METRICS.buildInfo, [
    {
      labels: {
        version: build.version,
        node_version: build.nodeVersion,
        mode: build.mode,
        broker: build.broker,
      },
      value: 1,
    },
  ]);
  putHistory(summarizeHistory(inputs.history), put, histograms);

  if (state) {
    const last = state.lastRebalance;
    if (last) {
      put(METRICS.lastRebalance, [{ labels: {}, value: seconds(last.at) }]);
      put(METRICS.lastRebalanceAge, [
        { labels: {}, value: Math.max(0, (now.getTime() - Date.parse(last.at)) / 1000) },
      ]);
    }
    put(METRICS.breakerTripped, [
      { labels: { breaker: 'daily_loss' }, value: state.breakers.dailyLoss ? 1 : 0 },
      { labels: { breaker: 'drawdown' }, value: state.breakers.drawdown ? 1 : 0 },
    ]);
    put(METRICS.halted, [{ labels: {}, value: state.halt ? 1 : 0 }]);
  }

  for (const [name, values] of Object.entries(persisted.counters)) series.set(name, values);
  for (const [name, histogram] of Object.entries(persisted.histograms)) histograms.set(name, histogram);
  for (const group of Object.values(persisted.gaugeGroups)) {
    for (const [name, values] of Object.entries(group.gauges)) series.set(name, values);
  }
  if (!series.has(METRICS.breakerTrips.name)) {
    put(METRICS.breakerTrips, [
      { labels: { breaker: 'daily_loss' }, value: 0 },
      { labels: { breaker: 'drawdown' }, value: 0 },
    ]);
  }

  put(METRICS.stateFileSize, await fileSizes(inputs.stateDir));
  const free = await statfs(inputs.stateDir).catch(() => null);
  if (free) put(METRICS.stateFilesystemFree, [{ labels: {}, value: free.bavail * free.bsize }]);
  return { series, histograms };
}

function putHistory(
  summary: HistorySummary,
  put: (definition: MetricDefinition, values: Series[]) => void,
  histograms: MetricsSnapshot['histograms'],
): void {
  put(
    METRICS.cycles,
    summary.cycles.map(({ outcome, code, count }) => ({ labels: { outcome, code }, value: count })),
  );
  put(
    METRICS.cyclesWithoutTrade,
    NO_TRADE_REASONS.map((reason) => ({ labels: { reason }, value: summary.noTrade.get(reason) ?? 0 })),
  );
  put(
    METRICS.orders,
    summary.orders.map(({ side, status, count }) => ({ labels: { side, status }, value: count })),
  );
  const bounds = METRICS.cycleDuration.buckets;
  const buckets = new Array<number>(bounds.length + 1).fill(0);
  for (const value of summary.durationsSeconds) {
    const index = bucketIndex(bounds, value);
    buckets[index] = (buckets[index] ?? 0) + 1;
  }
  histograms.set(METRICS.cycleDuration.name, {
    bounds,
    series: [
      {
        labels: {},
        buckets,
        sum: summary.durationsSeconds.reduce((total, value) => total + value, 0),
        count: summary.durationsSeconds.length,
      },
    ],
  });
  const { lastCycle, lastSuccessAt } = summary;
  if (lastCycle) {
    put(METRICS.lastCycle, [{ labels: {}, value: seconds(lastCycle.finishedAt) }]);
    put(
      METRICS.lastNoTradeReason,
      NO_TRADE_REASONS.map((reason) => ({ labels: { reason }, value: lastCycle.noTrade === reason ? 1 : 0 })),
    );
  }
  if (lastSuccessAt) put(METRICS.lastSuccessfulCycle, [{ labels: {}, value: seconds(lastSuccessAt) }]);
}

async function fileSizes(stateDir: string): Promise<Series[]> {
  const sizes: Series[] = [];
  for (const file of SIZED_STATE_FILES) {
    const info = await stat(join(stateDir, file)).catch(() => null);
    if (info) sizes.push({ labels: { file }, value: info.size });
  }
  return sizes;
}
