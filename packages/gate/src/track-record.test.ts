import type { HistoryEntry, HistoryRecord } from '@dalio-lite/state';
import { describe, expect, test } from 'vitest';
import { trackRecord } from './track-record.ts';

let n = 0;
/** A recorded cycle on `day` that finished at `finishedAt` (New York 10:00 on that day by default). */
function cycle(day: string, changes: Partial<HistoryEntry> = {}): HistoryRecord {
  n += 1;
  const finishedAt = changes.finishedAt ?? `${day}T15:00:05.000Z`;
  return {
    n,
    entry: {
      cycleId: `c${n}`,
      day,
      startedAt: `${day}T15:00:00.000Z`,
      finishedAt,
      outcome: 'hold',
      code: 'within-policy',
      decision: { kind: 'hold', reason: 'within band', code: 'within-band' },
      orders: [],
      brokerAnswers: [],
      reconciliationNotes: [],
      durationsMs: {},
      errors: [],
      ...changes,
    },
  };
}

const answer = (clientOrderId: string, orderId: string) => ({
  clientOrderId,
  at: '2025-03-05T15:00:01.000Z',
  orderId,
  status: 'filled' as const,
  filledQty: 1,
  filledAvgPriceUsd: 100,
  error: null,
});

describe('trackRecord', () => {
  test('counts real trading days only: not closed-market runs, not time-lapse or soak days', () => {
    const record = trackRecord([
      cycle('2025-03-03'),
      cycle('2025-03-04', {
        outcome: 'committed',
        code: 'traded',
        decision: { kind: 'trade', reason: 'drift' },
      }),
      cycle('2025-03-04'),
      // Saturday: the market was closed, no trading day.
      cycle('2025-03-08', { outcome: 'refused', code: 'market-closed' }),
      // A soak's broker clock races ahead: trading day 2025-04-01, run on 2025-03-05.
      cycle('2025-04-01', { finishedAt: '2025-03-05T15:00:05.000Z' }),
    ]);
    expect(record.realDays).toEqual(['2025-03-03', '2025-03-04']);
    expect(record.cleanDays).toEqual(['2025-03-03', '2025-03-04']);
    expect(record.incidents).toEqual([]);
  });

  test('a critical incident restarts the count of clean days', () => {
    const record = trackRecord([
      cycle('2025-03-03'),
      cycle('2025-03-04', {
        outcome: 'failed',
        code: 'error',
        decision: { kind: 'none', reason: 'The cycle failed: boom' },
      }),
      cycle('2025-03-05'),
      cycle('2025-03-06'),
    ]);
    expect(record.realDays).toEqual(['2025-03-03', '2025-03-05', '2025-03-06']);
    expect(record.cleanDays).toEqual(['2025-03-05', '2025-03-06']);
    expect(record.incidents).toEqual([
      expect.objectContaining({
        day: '2025-03-04',
        kind: 'critical',
        detail: 'error: The cycle failed: boom',
      }),
    ]);
  });

  test('a client order id answered with two broker orders is a duplicate; an unknown order of ours is an incident', () => {
    const record = trackRecord([
      cycle('2025-03-05', { brokerAnswers: [answer('dl-20250305-a0-VTI-buy', 'order-1')] }),
      cycle('2025-03-06', { brokerAnswers: [answer('dl-20250305-a0-VTI-buy', 'order-2')] }),
      cycle('2025-03-07', {
        reconciliationNotes: [
          'the broker has order dl-20250307-a0-GLD-buy (buy GLD, filled) that no local record knows; check the state and its backups',
        ],
      }),
    ]);
    expect(record.incidents.map((incident) => incident.kind)).toEqual(['duplicate-order', 'unknown-order']);
    expect(record.incidents[0]?.detail).toBe(
      'dl-20250305-a0-VTI-buy was answered with orders order-1 and order-2',
    );
    expect(record.cleanDays).toEqual([]);
  });

  test('`since` keeps only cycles from that instant on (a tier counts its own days)', () => {
    const records = [cycle('2025-03-03'), cycle('2025-03-04'), cycle('2025-03-05')];
    expect(trackRecord(records, { since: '2025-03-04T00:00:00.000Z' }).realDays).toEqual([
      '2025-03-04',
      '2025-03-05',
    ]);
  });
});
