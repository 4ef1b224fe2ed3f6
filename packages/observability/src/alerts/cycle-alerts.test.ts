import { describe, expect, it } from 'vitest';
import { alertsForCycle, type CycleAlertInput, missedDayAlert } from './cycle-alerts.ts';

const input = (overrides: Partial<CycleAlertInput>): CycleAlertInput => ({
  day: '2025-03-03',
  outcome: 'hold',
  code: 'within-policy',
  reason: 'All within band',
  orderLines: [],
  errors: [],
  at: '2025-03-03T15:00:00.000Z',
  mode: 'paper',
  ...overrides,
});

describe('alerts of a cycle', () => {
  it.each([
    [{ outcome: 'failed', code: 'error' }, 'cycle-failed', 'critical'],
    [{ outcome: 'partial', code: 'orders-open' }, 'cycle-partial', 'warning'],
    [{ outcome: 'refused', code: 'breaker' }, 'cycle-refused', 'critical'],
    [{ outcome: 'refused', code: 'halted' }, 'cycle-refused', 'warning'],
    [{ outcome: 'refused', code: 'wrong-account' }, 'cycle-refused', 'critical'],
    [{ outcome: 'refused', code: 'account-blocked' }, 'cycle-refused', 'critical'],
    [{ outcome: 'refused', code: 'state-unreadable' }, 'state-corrupt', 'critical'],
  ] as const)(
    '%o fires %s (%s) under the cycle key, saying what, the money and the next command',
    (facts, kind, severity) => {
      const [alert, ...rest] = alertsForCycle(input(facts));
      expect(rest).toEqual([]);
      expect(alert).toMatchObject({ key: 'cycle', kind, severity });
      expect(alert?.title).toContain('All within band');
      expect(alert?.impact.length).toBeGreaterThan(20);
      expect(alert?.action).toMatch(/`dalio [a-z]+/);
    },
  );

  it('a routine cycle resolves the cycle key; a lock held elsewhere says nothing', () => {
    expect(alertsForCycle(input({})).map((a) => a.kind)).toEqual(['resolved']);
    expect(alertsForCycle(input({ outcome: 'refused', code: 'market-closed' })).map((a) => a.kind)).toEqual([
      'resolved',
    ]);
    expect(alertsForCycle(input({ outcome: 'busy', code: 'lock-busy' }))).toEqual([]);
  });

  it('a committed trade also reports once, for information, with its orders', () => {
    const alerts = alertsForCycle(
      input({ outcome: 'committed', code: 'traded', orderLines: ['buy VTI $100.00: filled'] }),
    );
    expect(alerts.map((a) => [a.key, a.kind, a.severity])).toEqual([
      ['cycle', 'resolved', 'info'],
      ['traded:2025-03-03', 'cycle-traded', 'info'],
    ]);
    expect(alerts[1]?.details).toEqual(['buy VTI $100.00: filled']);
  });

  it('a missed trading day is critical under the cycle key', () => {
    expect(
      missedDayAlert({ day: '2025-03-04', reason: 'the broker was unreachable', at: 'x', mode: 'paper' }),
    ).toMatchObject({
      key: 'cycle',
      severity: 'critical',
      title: 'No cycle ran on 2025-03-04: the broker was unreachable',
    });
  });
});
