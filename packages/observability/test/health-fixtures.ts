import { type CalendarDay, DEFAULT_POLICY, marketSession, tradingDaysBetween } from '@dalio-lite/core';
import { type HistoryEntry, type HistoryRecord, initialStatePayload } from '@dalio-lite/state';
import type { BrokerProbe } from '../src/health/broker-probe.ts';
import { DEFAULT_HEALTH_SETTINGS, type HealthData, type HealthSettings } from '../src/health/health-data.ts';

/** Settings as `dalio health` builds them for the dalio-lite preset. */
export const SETTINGS: HealthSettings = {
  ...DEFAULT_HEALTH_SETTINGS,
  timeEt: '10:00',
  targets: { VTI: 0.4, TLT: 0.3, GLD: 0.2, DBC: 0.1 },
  policy: DEFAULT_POLICY,
  driftStaleDays: 37,
  isOwnClientOrderId: (id) => id.startsWith('dl-'),
};

/** The NYSE sessions between two dates, as the broker's calendar lists them. */
export function sessions(from: string, to: string): CalendarDay[] {
  return tradingDaysBetween(from, to).map((date) => {
    const session = marketSession(date);
    return { date, open: session?.openEt ?? '09:30', close: session?.closeEt ?? '16:00' };
  });
}

/** A history record of one cycle. */
export function cycle(n: number, overrides: Partial<HistoryEntry>): HistoryRecord {
  return {
    n,
    entry: {
      cycleId: `c${n}`,
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
    },
  };
}

/** A healthy broker probe at `now` (broker clock) with the sessions of the two weeks before. */
export function probeAt(now: string, from = '2025-01-01'): BrokerProbe {
  const ok = <T>(value: T) => ({ ok: true as const, value });
  return {
    venue: 'simulator',
    failure: null,
    account: ok({
      id: 'acct',
      status: 'ACTIVE',
      currency: 'USD',
      cashUsd: 1_000,
      equityUsd: 101_000,
      lastEquityUsd: 101_000,
      buyingPowerUsd: 1_000,
      tradingBlocked: false,
      accountBlocked: false,
      tradeSuspendedByUser: false,
    }),
    clock: ok({ timestamp: now, isOpen: true, nextOpen: now, nextClose: now }),
    positions: ok([]),
    openOrders: ok([]),
    calendar: ok(sessions(from, now.slice(0, 10))),
    prices: ok([]),
  };
}

/** Health data with everything readable and empty, the broker as `probe` says. */
export function healthData(
  probe: BrokerProbe,
  records: HistoryRecord[] = [],
  overrides: Partial<HealthData> = {},
): HealthData {
  const ok = <T>(value: T) => ({ ok: true as const, value });
  return {
    now: new Date(probe.clock.ok ? probe.clock.value.timestamp : '2025-03-03T15:00:00Z'),
    state: ok(initialStatePayload()),
    history: ok({ records, skipped: [] }),
    heartbeat: ok(null),
    ledger: ok(null),
    metrics: ok({ counters: {}, histograms: {}, gaugeGroups: {}, brokerDays: {} }),
    lock: ok({ kind: 'free' }),
    disk: ok({ freeBytes: 10 * 1024 ** 3, permissionProblems: [], writable: true }),
    probe,
    ...overrides,
  };
}
