import type { SimOrder } from '@dalio-lite/broker';
import type { DayRecord } from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import { buildSoakReport, describeSoakReport, type SoakObservations } from './soak-report.ts';

function order(clientOrderId: string, createdAt: string, status: SimOrder['status'] = 'filled'): SimOrder {
  return {
    clientOrderId,
    createdAt,
    status,
    symbol: /-a\d+-(\w+)-/.exec(clientOrderId)?.[1] ?? 'VTI',
    side: clientOrderId.endsWith('sell') ? 'sell' : 'buy',
    filledQty: status === 'filled' ? 1 : 0,
  } as SimOrder;
}

function dayRecord(day: string, ids: string[], status: DayRecord['status'] = 'committed'): DayRecord {
  return {
    day,
    status,
    attempt: 0,
    plannedOrders: ids.map((clientOrderId) => ({
      clientOrderId,
      symbol: 'VTI',
      side: 'buy',
      amount: { kind: 'notional', usd: '100.00' },
      estimatedValueUsd: 100,
      wantUsd: 100,
    })),
    brokerAnswers: [],
    reasons: [],
    reserveUsd: null,
    cashAtIntentUsd: null,
    startedAt: `${day}T15:00:00.000Z`,
    updatedAt: `${day}T15:00:00.000Z`,
    finishedAt: `${day}T15:01:00.000Z`,
  } as DayRecord;
}

const CLEAN: SoakObservations = {
  profile: 'default',
  seed: 1,
  speed: 3600,
  days: ['2024-01-08'],
  orders: [order('dl-20240108-a0-VTI-buy', '2024-01-08T15:00:00.000Z')],
  refusedSubmissions: 0,
  stateDays: { '2024-01-08': dayRecord('2024-01-08', ['dl-20240108-a0-VTI-buy']) },
  history: [],
  dayOutcomes: new Map([['2024-01-08', { outcome: 'committed', code: 'traded', reason: '' }]]),
  apiRequests: 100,
  apiErrors: 1,
  throttled: 0,
  healthSamples: [{ at: '2024-01-08T16:00:00.000Z', status: 'ok', failing: [] }],
  crashes: 1,
  unhandledCrashes: 0,
  daemonRestarts: 1,
  uptimeRatio: 0.99,
  problems: new Map(),
  scenarios: [{ kind: 'process-crash', day: '2024-01-08', handled: true, detail: 'restarted' }],
};

describe('the soak verdict', () => {
  it('passes a clean run and says so in both forms', () => {
    const report = buildSoakReport(CLEAN);
    expect(report).toMatchObject({
      verdict: 'PASS',
      causes: [],
      duplicateOrders: 0,
      unknownOrders: 0,
      days: 1,
    });
    expect(describeSoakReport(report)).toMatch(/^# Dalio Lite soak: PASS/);
  });

  it('counts a second order for the same day, attempt and leg as a duplicate, from the ledger alone', () => {
    const report = buildSoakReport({
      ...CLEAN,
      orders: [...CLEAN.orders, order('dl-20240108T1501-a0-VTI-buy', '2024-01-08T15:01:00.000Z')],
    });
    expect(report.duplicateOrders).toBe(1);
    expect(report.unknownOrders).toBe(1);
    expect(report.verdict).toBe('FAIL');
    expect(report.causes).toContain('1 duplicate orders at the broker');
  });

  it('names a committed day whose order did not fill as an undetected partial failure', () => {
    const report = buildSoakReport({
      ...CLEAN,
      orders: [order('dl-20240108-a0-VTI-buy', '2024-01-08T15:00:00.000Z', 'expired')],
    });
    expect(report.undetectedPartialFailures).toBe(1);
    expect(report.ordersFailed).toBe(1);
    expect(report.causes.join('\n')).toMatch(/1 days recorded committed whose orders did not all fill/);
    expect(report.causes.join('\n')).toMatch(/order failure rate 100\.00 %, not below 2\.00 %/);
  });

  it('fails on the rollout thresholds with the numbers, and on a scenario that was not handled', () => {
    const report = buildSoakReport({
      ...CLEAN,
      apiErrors: 5,
      healthSamples: [...CLEAN.healthSamples, { at: 'x', status: 'critical', failing: ['broker: down'] }],
      scenarios: [{ kind: 'state-corruption', day: '2024-01-08', handled: false, detail: 'traded on it' }],
      days: ['2024-01-08', '2024-01-09', '2024-01-10'],
      dayOutcomes: new Map([
        ['2024-01-08', { outcome: 'committed', code: 'traded', reason: '' }],
        ['2024-01-09', { outcome: 'missed', code: null, reason: 'the daemon slept past the close' }],
      ]),
    });
    expect(report.missedDays).toEqual(['2024-01-09']);
    expect(report.causes).toEqual([
      'health green 50.00 % of the time, below 95.00 %',
      'API error rate 5.00 %, not below 5.00 %',
      '1 trading days missed (no cycle): 2024-01-09 (the daemon slept past the close)',
      'no outcome for trading days 2024-01-10',
      'state-corruption on 2024-01-08 not handled: traded on it',
    ]);
    expect(report.healthNotOk).toEqual({ broker: { samples: 1, lastReason: 'down' } });
    expect(describeSoakReport(report)).toMatch(/## Why it failed\n\n- health green 50\.00 %/);
    expect(describeSoakReport(report)).toContain('| Missed trading days | 1 | 0 | **FAIL** |');
  });
});
