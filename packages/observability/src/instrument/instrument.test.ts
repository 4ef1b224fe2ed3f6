import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Broker,
  BrokerRequestError,
  BrokerUnavailableError,
  createModelPriceFeed,
  createSimClock,
  createSimulator,
  createSimulatorBroker,
} from '@dalio-lite/broker';
import { createRebalanceLock } from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import { createMetricsRecorder } from '../metrics-recorder.ts';
import { instrumentBroker } from './instrument-broker.ts';
import { instrumentLock } from './instrument-lock.ts';

async function setup() {
  const stateDir = await mkdtemp(join(tmpdir(), 'dalio-instrument-'));
  const simulator = createSimulator({
    clock: createSimClock({ mode: { kind: 'fixed', at: '2025-03-03T15:00:00.000Z' } }),
    prices: createModelPriceFeed({ seed: 1, symbols: ['VTI'], from: '2024-01-02', to: '2026-12-31' }),
    initialCashUsd: 10_000,
    seed: 1,
  });
  return {
    stateDir,
    recorder: createMetricsRecorder({ stateDir }),
    broker: createSimulatorBroker({ simulator }),
  };
}

describe('instrumented broker', () => {
  it('counts each request by operation and status class and times it, answers and errors unchanged', async () => {
    const { recorder, broker } = await setup();
    let clockCalls = 0;
    let nowMs = 0;
    const flaky: Broker = {
      ...broker,
      getClock: async () => {
        clockCalls += 1;
        nowMs += 250;
        if (clockCalls === 1) throw new BrokerUnavailableError('get clock: down');
        if (clockCalls === 2) throw new BrokerRequestError('get clock: forbidden', { status: 403 });
        return broker.getClock();
      },
    };
    const measured = instrumentBroker(flaky, recorder, () => new Date(Date.UTC(2025, 2, 3) + nowMs));
    await expect(measured.getClock()).rejects.toBeInstanceOf(BrokerUnavailableError);
    await expect(measured.getClock()).rejects.toThrow('forbidden');
    expect((await measured.getClock()).isOpen).toBe(true);
    const rejected = await measured.submitOrder({
      clientOrderId: 'x-1',
      symbol: 'VTI',
      side: 'buy',
      amount: { kind: 'notional', usd: '1000000.00' },
    });
    expect(rejected.kind).toBe('rejected');
    const stored = await recorder.flush();
    expect(stored.counters.dalio_broker_requests_total).toEqual(
      expect.arrayContaining([
        { labels: { operation: 'get_clock', status_class: 'network' }, value: 1 },
        { labels: { operation: 'get_clock', status_class: '4xx' }, value: 1 },
        { labels: { operation: 'get_clock', status_class: '2xx' }, value: 1 },
        { labels: { operation: 'submit_order', status_class: '4xx' }, value: 1 },
      ]),
    );
    expect(stored.histograms.dalio_broker_request_duration_seconds?.series).toContainEqual(
      expect.objectContaining({ labels: { operation: 'get_clock' }, count: 3, sum: 0.75 }),
    );
    expect(stored.brokerDays['2025-03-03']).toEqual({ requests: 4, errors: 3 });
  });

  it('times how long a cycle waited for the lock and how long it held it', async () => {
    const { recorder, stateDir } = await setup();
    let nowMs = 1_000;
    const lock = instrumentLock(createRebalanceLock({ stateDir }), recorder, () => nowMs);
    const outcome = await lock.withLock(async () => {
      nowMs += 4_000;
      return 'done';
    });
    expect(outcome).toMatchObject({ kind: 'done', value: 'done' });
    const stored = await recorder.flush();
    expect(stored.histograms.dalio_lock_hold_seconds?.series).toEqual([
      { labels: {}, buckets: [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0], sum: 4, count: 1 },
    ]);
    expect(stored.histograms.dalio_lock_wait_seconds?.series[0]?.count).toBe(1);
  });
});
