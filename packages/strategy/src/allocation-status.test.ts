import type { HistoryEntry, HistoryEventRecord, HistoryRecord } from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import {
  allocationChangeForces,
  allocationStatus,
  describeAllocationStatus,
  forceWhileAllocationPending,
} from './allocation-status.ts';

const OLD = { VTI: 0.4, TLT: 0.3, GLD: 0.2, DBC: 0.1 };
const NEW = { VTI: 0.5, TLT: 0.5 };

const change: HistoryEventRecord = {
  n: 3,
  event: {
    kind: 'allocation-changed',
    at: '2025-10-01T12:00:00.000Z',
    by: 'alice',
    from: { preset: 'dalio-lite', targets: OLD },
    to: { preset: 'custom', targets: NEW },
    configPath: '/home/alice/dalio.yaml',
    backupPath: null,
  },
};

function cycle(
  n: number,
  day: string,
  kind: 'hold' | 'trade' | 'none',
  targets?: Record<string, number>,
): HistoryRecord {
  const entry: HistoryEntry = {
    cycleId: `c${n}`,
    day,
    startedAt: `${day}T14:00:00.000Z`,
    finishedAt: `${day}T14:00:05.000Z`,
    outcome: kind === 'trade' ? 'committed' : kind === 'hold' ? 'hold' : 'refused',
    decision: { kind, reason: kind === 'none' ? 'market closed' : 'within band' },
    orders: [],
    brokerAnswers: [],
    reconciliationNotes: [],
    durationsMs: {},
    errors: [],
    ...(targets ? { targets } : {}),
  };
  return { n, entry };
}

describe('allocationStatus', () => {
  it('is pending from the change until a cycle decides with the new targets', () => {
    const before = [cycle(1, '2025-09-29', 'hold', OLD), cycle(2, '2025-09-30', 'hold', OLD)];
    const pending = allocationStatus([change], before);
    expect(pending.pendingSince).toBe('2025-10-01T12:00:00.000Z');
    expect(describeAllocationStatus(pending)).toEqual([
      'Allocation change pending since 2025-10-01T12:00:00.000Z (by alice): the next cycle rebalances toward VTI 50 %, TLT 50 %',
    ]);
    // A cycle stopped before the policy (market closed) has not acted on it yet.
    const closed = allocationStatus([change], [...before, cycle(4, '2025-10-02', 'none', NEW)]);
    expect(closed.pendingSince).not.toBeNull();
    const done = allocationStatus(
      [change],
      [...before, cycle(4, '2025-10-02', 'none', NEW), cycle(5, '2025-10-03', 'trade', NEW)],
    );
    expect(done.pendingSince).toBeNull();
    expect(done.effectiveFrom).toEqual({ n: 5, day: '2025-10-03', finishedAt: '2025-10-03T14:00:05.000Z' });
    expect(describeAllocationStatus(done)).toEqual([
      'Allocation changed 2025-10-01T12:00:00.000Z by alice; in effect since cycle #5 (trading day 2025-10-03)',
    ]);
  });

  it('stays pending, and says why, when a cycle after the change still ran with the old targets', () => {
    const status = allocationStatus([change], [cycle(4, '2025-10-02', 'hold', OLD)]);
    expect(status.pendingSince).not.toBeNull();
    expect(status.staleCycle?.n).toBe(4);
    expect(describeAllocationStatus(status)[1]).toContain(
      'it was started with another config file (check its --config and DALIO_CONFIG)',
    );
  });

  it('has nothing to say without a recorded change', () => {
    const status = allocationStatus([], [cycle(1, '2025-09-29', 'hold', OLD)]);
    expect(status).toEqual({ lastChange: null, pendingSince: null, effectiveFrom: null, staleCycle: null });
    expect(describeAllocationStatus(status)).toEqual([]);
  });

  it('forces the next cycle only while pending and only for an engine that runs with the new targets', async () => {
    const pending = allocationStatus([change], []);
    expect(allocationChangeForces(pending, NEW)).toBe(true);
    // A daemon started before the change still holds the old targets: forcing it would trade toward those.
    expect(allocationChangeForces(pending, OLD)).toBe(false);
    const done = allocationStatus([change], [cycle(4, '2025-10-02', 'trade', NEW)]);
    expect(allocationChangeForces(done, NEW)).toBe(false);

    const seen: unknown[] = [];
    const history = { readEvents: async () => [change], readAll: async () => ({ records: [], skipped: [] }) };
    const runCycle = forceWhileAllocationPending(
      async (options?: { force?: boolean; waitForLock?: boolean }) => {
        seen.push(options);
        return 'ran';
      },
      history,
      NEW,
    );
    expect(await runCycle({ waitForLock: true })).toBe('ran');
    const stale = forceWhileAllocationPending(
      async (options?: { force?: boolean }) => seen.push(options),
      history,
      OLD,
    );
    await stale({});
    expect(seen).toEqual([{ waitForLock: true, force: true }, {}]);
  });
});
