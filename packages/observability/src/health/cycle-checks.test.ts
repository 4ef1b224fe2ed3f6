import { describe, expect, it } from 'vitest';
import { cycle, healthData, probeAt, SETTINGS } from '../../test/health-fixtures.ts';
import { brokerErrorsCheck, heartbeatCheck, successRateCheck, tradingGatesCheck } from './cycle-checks.ts';

/** Friday 2025-01-17 10:00 New York: the cycle before the Martin Luther King Jr. Day weekend. */
const FRIDAY_CYCLE = cycle(1, { day: '2025-01-17', finishedAt: '2025-01-17T15:00:05.000Z' });

describe('heartbeat (the dead-man check)', () => {
  it.each([
    ['Saturday', '2025-01-18T12:00:00-05:00'],
    ['Monday, a market holiday', '2025-01-20T15:00:00-05:00'],
    ['Tuesday before the cycle is due', '2025-01-21T09:45:00-05:00'],
    ['Tuesday within the grace after 10:00', '2025-01-21T11:59:00-05:00'],
  ])('is ok on %s after a Friday cycle (broker calendar)', (_, now) => {
    expect(heartbeatCheck(healthData(probeAt(now), [FRIDAY_CYCLE]), SETTINGS).status).toBe('ok');
  });

  it("is critical once Tuesday's cycle is late by more than the grace, naming the last success", () => {
    const result = heartbeatCheck(healthData(probeAt('2025-01-21T12:01:00-05:00'), [FRIDAY_CYCLE]), SETTINGS);
    expect(result).toMatchObject({
      status: 'critical',
      reason: expect.stringMatching(
        /^no successful cycle since 2025-01-17T15:00:05.000Z \(trading day 2025-01-17\): the cycle due on 2025-01-21 at 10:00 ET/,
      ),
    });
    expect(result.fix).toMatch(/systemctl status dalio-daemon/);
  });

  it('does not count a failed cycle, nor a "market closed" answer before the open of the same day', () => {
    const records = [
      FRIDAY_CYCLE,
      cycle(2, { day: '2025-01-21', outcome: 'failed', code: 'error' }),
      cycle(3, { day: '2025-01-21', outcome: 'refused', code: 'market-closed' }),
    ];
    expect(heartbeatCheck(healthData(probeAt('2025-01-21T13:00:00-05:00'), records), SETTINGS).status).toBe(
      'critical',
    );
    const laterSuccess = [...records, cycle(4, { day: '2025-01-21', outcome: 'hold' })];
    expect(
      heartbeatCheck(healthData(probeAt('2025-01-21T13:00:00-05:00'), laterSuccess), SETTINGS).status,
    ).toBe('ok');
  });

  it('is critical, never ok, when the broker cannot be asked for its calendar', () => {
    const probe = probeAt('2025-01-21T13:00:00-05:00');
    const down = {
      ...probe,
      clock: { ok: false as const, reason: 'the broker could not be reached: ECONNREFUSED' },
    };
    expect(heartbeatCheck(healthData(down, [FRIDAY_CYCLE]), SETTINGS)).toMatchObject({
      status: 'critical',
      reason: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('warns before the very first cycle', () => {
    expect(heartbeatCheck(healthData(probeAt('2025-01-21T13:00:00-05:00'), []), SETTINGS).status).toBe(
      'warn',
    );
  });
});

describe('success rate (the original thresholds: below 80 % warns, below 50 % is critical)', () => {
  const rateOf = (succeeded: number, failed: number) => {
    const records = [
      ...Array.from({ length: succeeded }, (_, i) => cycle(i + 1, { day: '2025-03-03' })),
      ...Array.from({ length: failed }, (_, i) =>
        cycle(100 + i, { day: '2025-03-03', outcome: 'failed', code: 'error' }),
      ),
    ];
    return successRateCheck(healthData(probeAt('2025-03-04T15:00:00Z'), records), SETTINGS).status;
  };
  it.each([
    [8, 2, 'ok'],
    [79, 21, 'warn'],
    [5, 5, 'warn'],
    [49, 51, 'critical'],
  ] as const)('%i succeeded, %i failed: %s', (succeeded, failed, status) => {
    expect(rateOf(succeeded, failed)).toBe(status);
  });
});

describe('broker error rate (above 5 % warns, above 10 % is critical)', () => {
  it.each([
    [100, 5, 'ok'],
    [100, 6, 'warn'],
    [100, 11, 'critical'],
    [10, 10, 'ok'],
  ] as const)('%i requests, %i failed: %s', (requests, errors, status) => {
    const data = healthData(probeAt('2025-03-04T15:00:00Z'), [], {
      metrics: {
        ok: true,
        value: {
          counters: {},
          histograms: {},
          gaugeGroups: {},
          brokerDays: { '2025-03-04': { requests, errors } },
        },
      },
    });
    expect(brokerErrorsCheck(data, SETTINGS).status).toBe(status);
  });
});

describe('trading gates', () => {
  it('a tripped breaker is critical, a halt warns', () => {
    const base = healthData(probeAt('2025-03-04T15:00:00Z'));
    const payload = base.state.ok ? base.state.value : null;
    if (payload === null) throw new Error('no state');
    const breaker = {
      ...payload,
      breakers: { dailyLoss: { trippedAt: '2025-03-04T15:00:00Z', reason: 'lost 6 %' }, drawdown: null },
    };
    expect(tradingGatesCheck({ ...base, state: { ok: true, value: breaker } })).toMatchObject({
      status: 'critical',
      reason: expect.stringContaining('lost 6 %'),
    });
    const halted = { ...payload, halt: { since: '2025-03-04T15:00:00Z', reason: 'vacation' } };
    expect(tradingGatesCheck({ ...base, state: { ok: true, value: halted } }).status).toBe('warn');
  });
});
