import type { CycleReport } from '@dalio-lite/engine';
import { describe, expect, it } from 'vitest';
import { describeDaemonEvent } from './daemon.ts';

const report: CycleReport = {
  cycleId: 'c1',
  outcome: 'committed',
  code: 'traded',
  day: '2025-03-03',
  reason: 'Drift outside band: VTI +10.0 pts',
  decision: null,
  orders: [
    {
      clientOrderId: 'dl-20250303-a0-VTI-sell',
      symbol: 'VTI',
      side: 'sell',
      amount: { kind: 'notional', usd: '100.00' },
      estimatedValueUsd: 100,
    },
  ],
  answers: [],
  notes: [],
  errors: [],
  durationsMs: { total: 900 },
};

describe('the daemon on a terminal', () => {
  it('prints one readable line per cycle, per retry and per missed day, labelled when the broker is the simulator', () => {
    expect(
      describeDaemonEvent({ type: 'cycle', day: '2025-03-03', report, retryInMs: null }, 'alpaca-paper'),
    ).toBe('2025-03-03  COMMITTED  traded: Drift outside band: VTI +10.0 pts (1 orders)');
    expect(
      describeDaemonEvent(
        {
          type: 'cycle',
          day: '2025-03-04',
          report: {
            ...report,
            outcome: 'failed',
            code: 'error',
            day: '2025-03-04',
            reason: 'The cycle failed: timeout',
            orders: [],
          },
          retryInMs: 30_000,
        },
        'alpaca-paper',
      ),
    ).toBe('2025-03-04  FAILED     error: The cycle failed: timeout; retrying in 30 s');
    expect(
      describeDaemonEvent(
        { type: 'missed', day: '2025-03-05', reason: 'the broker was unreachable' },
        'simulator',
      ),
    ).toBe('[simulator] 2025-03-05  MISSED     no cycle: the broker was unreachable');
    expect(describeDaemonEvent({ type: 'stopped' }, 'alpaca-paper')).toBeNull();
  });
});
