import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRebalanceHistory, type HistoryEntry, initialStatePayload } from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../test/prometheus-text.ts';
import { METRICS } from './metric-definitions.ts';
import { metricNameProblems } from './metric-names.ts';
import { createMetricsRecorder } from './metrics-recorder.ts';
import { createDalioMetrics } from './metrics-registry.ts';

function entry(overrides: Partial<HistoryEntry>): HistoryEntry {
  return {
    cycleId: 'c1',
    day: '2025-03-03',
    startedAt: '2025-03-03T15:00:00.000Z',
    finishedAt: '2025-03-03T15:00:02.000Z',
    outcome: 'hold',
    code: 'within-policy',
    decision: { kind: 'hold', reason: 'within band', code: 'within-band' },
    orders: [],
    brokerAnswers: [],
    reconciliationNotes: [],
    durationsMs: { total: 2000 },
    errors: [],
    ...overrides,
  };
}

async function fullRegistry() {
  const stateDir = await mkdtemp(join(tmpdir(), 'dalio-metrics-'));
  const history = createRebalanceHistory({ stateDir });
  await history.append(
    entry({
      outcome: 'committed',
      code: 'traded',
      decision: { kind: 'trade', reason: 'Drift outside band' },
      orders: [
        {
          clientOrderId: 'dl-20250303-a0-VTI-sell',
          symbol: 'VTI',
          side: 'sell',
          amount: { kind: 'notional', usd: '100.00' },
          estimatedValueUsd: 100,
        },
      ],
      brokerAnswers: [
        {
          clientOrderId: 'dl-20250303-a0-VTI-sell',
          at: '2025-03-03T15:00:01.000Z',
          orderId: 'o1',
          status: 'filled',
          filledQty: 0.5,
          filledAvgPriceUsd: 200,
          error: null,
        },
      ],
    }),
  );
  await history.append(entry({ cycleId: 'c2', day: '2025-03-04', finishedAt: '2025-03-04T15:00:02.000Z' }));
  const recorder = createMetricsRecorder({ stateDir });
  recorder.increment('brokerRequests', { operation: 'get_account', status_class: '2xx' }, 3);
  recorder.increment('brokerRetries');
  recorder.observe('brokerRequestDuration', { operation: 'get_account' }, 0.12);
  recorder.observe('lockWait', {}, 0.02);
  recorder.observe('lockHold', {}, 3);
  recorder.increment('alertDeliveries', { channel: 'webhook', result: 'sent' });
  recorder.setGauges('portfolio', new Date('2025-03-04T16:00:00Z'), {
    equity: [{ labels: {}, value: 100_000 }],
    cash: [{ labels: {}, value: 500 }],
    drift: [{ labels: { symbol: 'VTI' }, value: 0.012 }],
    portfolioSnapshot: [{ labels: {}, value: Date.parse('2025-03-04T16:00:00Z') / 1000 }],
    ledgerMismatch: [{ labels: {}, value: 0 }],
  });
  recorder.setGauges('health', new Date('2025-03-04T16:00:00Z'), {
    healthCheckStatus: [{ labels: { check: 'heartbeat' }, value: 0 }],
    healthLastRun: [{ labels: {}, value: 1 }],
  });
  const state = {
    ...initialStatePayload(),
    lastRebalance: { day: '2025-03-03', at: '2025-03-03T15:00:02.000Z' },
  };
  await writeFile(join(stateDir, 'state.json'), '{}');
  const metrics = createDalioMetrics({
    stateDir,
    readHistory: async () => (await history.readAll()).records,
    readState: async () => state,
    recorder,
    build: { version: '0.1.0', mode: 'paper', broker: 'simulator' },
    now: () => new Date('2025-03-05T15:00:02.000Z'),
  });
  return { metrics, stateDir, history };
}

describe('the metrics registry', () => {
  it('follows the naming rules for every metric it holds (a walk over the registry)', async () => {
    const { metrics } = await fullRegistry();
    await metrics.render();
    const registered = metrics.registry.getMetricsAsArray() as unknown as {
      name: string;
      type: string;
      labelNames?: string[];
    }[];
    expect(registered.map((metric) => metric.name).sort()).toEqual(
      Object.values(METRICS)
        .map((m) => m.name)
        .sort(),
    );
    for (const metric of registered) {
      const definition = Object.values(METRICS).find((m) => m.name === metric.name);
      expect(definition?.type).toBe(metric.type);
      expect(metricNameProblems(metric.name, metric.type as 'counter', definition?.labelNames ?? [])).toEqual(
        [],
      );
    }
  });

  it('the naming check catches what breaks the rules', () => {
    expect(metricNameProblems('rebalance_total', 'counter', [])).toEqual([
      'rebalance_total: must start with dalio_',
    ]);
    expect(metricNameProblems('dalio_orders', 'counter', [])).toEqual([
      'dalio_orders: a counter must end in _total',
    ]);
    expect(metricNameProblems('dalio_lock_time_ms', 'histogram', [])).toHaveLength(2);
    expect(metricNameProblems('dalio_days_since_rebalance', 'gauge', [])).toHaveLength(1);
    expect(metricNameProblems('dalio_cycles_total', 'counter', ['cycle_id'])).toHaveLength(1);
    expect(metricNameProblems('dalio_last_run_timestamp', 'gauge', [])).toHaveLength(1);
  });

  it('renders text an independent Prometheus parser reads, with the history, counters and gauges in it', async () => {
    const { metrics } = await fullRegistry();
    const text = await metrics.render();
    const families = parsePrometheusText(text);
    const family = (name: string) => families.find((f) => f.name === name);
    expect(family('dalio_cycles_total')?.metrics).toEqual(
      expect.arrayContaining([
        { value: '1', labels: { outcome: 'committed', code: 'traded' } },
        { value: '1', labels: { outcome: 'hold', code: 'within-policy' } },
      ]),
    );
    expect(family('dalio_orders_total')?.metrics).toEqual([
      { value: '1', labels: { side: 'sell', status: 'filled' } },
    ]);
    expect(family('dalio_cycles_without_trade_total')?.metrics).toContainEqual({
      value: '1',
      labels: { reason: 'within-band' },
    });
    expect(family('dalio_last_cycle_no_trade_reason')?.metrics).toContainEqual({
      value: '1',
      labels: { reason: 'within-band' },
    });
    expect(family('dalio_last_successful_cycle_timestamp_seconds')?.metrics).toEqual([
      { value: String(Date.parse('2025-03-04T15:00:02.000Z') / 1000) },
    ]);
    expect(family('dalio_last_rebalance_age_seconds')?.metrics).toEqual([{ value: String(2 * 86_400) }]);
    expect(family('dalio_cycle_duration_seconds')).toMatchObject({
      type: 'HISTOGRAM',
      metrics: [{ count: '2', sum: '4' }],
    });
    // That parser keeps only the buckets of a labelled histogram; its other lines are read here.
    expect(family('dalio_broker_request_duration_seconds')?.metrics[0]).toMatchObject({
      buckets: { '0.1': '0', '0.25': '1' },
    });
    expect(text).toContain('dalio_broker_request_duration_seconds_count{operation="get_account"} 1');
    expect(text).toContain('dalio_lock_hold_seconds_bucket{le="5"} 1');
    expect(family('dalio_broker_requests_total')?.metrics).toEqual([
      { value: '3', labels: { operation: 'get_account', status_class: '2xx' } },
    ]);
    expect(family('dalio_drift_ratio')?.metrics).toEqual([{ value: '0.012', labels: { symbol: 'VTI' } }]);
    expect(family('dalio_state_file_bytes')?.metrics).toContainEqual({
      value: '2',
      labels: { file: 'state.json' },
    });
    expect(family('dalio_build_info')?.metrics[0]).toMatchObject({
      value: '1',
      labels: { version: '0.1.0', mode: 'paper' },
    });
  });

  it('leaves an unknown time out instead of reporting 1970', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'dalio-metrics-'));
    const metrics = createDalioMetrics({
      stateDir,
      readHistory: async () => [],
      readState: async () => null,
      recorder: createMetricsRecorder({ stateDir }),
      build: { version: '0.1.0', mode: 'paper', broker: 'simulator' },
    });
    const families = parsePrometheusText(await metrics.render());
    expect(families.find((f) => f.name === 'dalio_last_successful_cycle_timestamp_seconds')?.metrics).toEqual(
      [],
    );
    expect(families.find((f) => f.name === 'dalio_broker_retries_total')?.metrics).toEqual([{ value: '0' }]);
  });
});
