import { describe, expect, it } from 'vitest';
import { historyEntrySchema } from './history-schema.ts';

const line = {
  cycleId: 'c1',
  day: '2025-03-03',
  startedAt: '2025-03-03T15:00:00.000Z',
  finishedAt: '2025-03-03T15:00:02.000Z',
  outcome: 'hold',
  decision: { kind: 'hold', reason: 'All within band' },
  orders: [],
  brokerAnswers: [],
  reconciliationNotes: [],
  durationsMs: { total: 2000 },
  errors: [],
};

describe('history entries', () => {
  it('read lines written before codes were recorded unchanged (no code appears)', () => {
    expect(historyEntrySchema.parse(line)).toEqual(line);
  });

  it('keep the cycle code and the policy hold code when they are recorded', () => {
    const withCodes = { ...line, code: 'within-policy', decision: { ...line.decision, code: 'within-band' } };
    expect(historyEntrySchema.parse(withCodes)).toEqual(withCodes);
    expect(historyEntrySchema.safeParse({ ...line, code: '' }).success).toBe(false);
  });

  it('keep the targets a cycle ran with, so a later reader can tell which allocation it used', () => {
    const withTargets = { ...line, targets: { VTI: 0.6, AGG: 0.4 } };
    expect(historyEntrySchema.parse(withTargets)).toEqual(withTargets);
  });
});
