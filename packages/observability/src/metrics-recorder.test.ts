import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StateEvent } from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import { METRICS_FILE } from './metrics-file.ts';
import { createMetricsRecorder } from './metrics-recorder.ts';

const REQUESTS = 'dalio_broker_requests_total';

describe('metrics recorder', () => {
  it('continues counters and histograms after a restart instead of starting from zero', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'dalio-recorder-'));
    const first = createMetricsRecorder({ stateDir });
    first.increment('brokerRequests', { operation: 'get_clock', status_class: '2xx' }, 5);
    first.observe('lockHold', {}, 2);
    await first.flush();

    const restarted = createMetricsRecorder({ stateDir });
    restarted.increment('brokerRequests', { operation: 'get_clock', status_class: '2xx' });
    restarted.observe('lockHold', {}, 40);
    const merged = await restarted.flush();
    expect(merged.counters[REQUESTS]).toEqual([
      { labels: { operation: 'get_clock', status_class: '2xx' }, value: 6 },
    ]);
    expect(merged.histograms.dalio_lock_hold_seconds?.series).toEqual([
      { labels: {}, buckets: [0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0], sum: 42, count: 2 },
    ]);
  });

  it('loses no increment when processes flush at the same time (the file lock)', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'dalio-recorder-'));
    const recorders = [0, 1, 2].map(() => createMetricsRecorder({ stateDir }));
    await Promise.all(
      recorders.flatMap((recorder) =>
        Array.from({ length: 10 }, async () => {
          recorder.increment('brokerRetries');
          recorder.countBrokerRequest('2025-03-03', true);
          await recorder.flush();
        }),
      ),
    );
    const final = await createMetricsRecorder({ stateDir }).flush();
    expect(final.counters.dalio_broker_retries_total).toEqual([{ labels: {}, value: 30 }]);
    expect(final.brokerDays['2025-03-03']).toEqual({ requests: 30, errors: 30 });
  });

  it('keeps the newest gauge group and the last 35 days of broker counts', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'dalio-recorder-'));
    const recorder = createMetricsRecorder({ stateDir });
    recorder.setGauges('portfolio', new Date('2025-03-04T00:00:00Z'), { equity: [{ labels: {}, value: 2 }] });
    await recorder.flush();
    recorder.setGauges('portfolio', new Date('2025-03-03T00:00:00Z'), { equity: [{ labels: {}, value: 1 }] });
    for (let day = 0; day < 40; day += 1) {
      recorder.countBrokerRequest(new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10), false);
    }
    const merged = await recorder.flush();
    expect(merged.gaugeGroups.portfolio?.gauges.dalio_equity_dollars).toEqual([{ labels: {}, value: 2 }]);
    expect(Object.keys(merged.brokerDays)).toHaveLength(35);
  });

  it('quarantines a corrupt metrics file, reports it, and starts over rather than stop recording', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'dalio-recorder-'));
    await createMetricsRecorder({ stateDir }).flush();
    await writeFile(join(stateDir, METRICS_FILE), '{"torn');
    const events: StateEvent[] = [];
    const recorder = createMetricsRecorder({ stateDir, onEvent: (event) => events.push(event) });
    recorder.increment('brokerRetries');
    const merged = await recorder.flush();
    expect(merged.counters.dalio_broker_retries_total).toEqual([{ labels: {}, value: 1 }]);
    expect(events.map((event) => event.type)).toContain('quarantined');
  });
});
