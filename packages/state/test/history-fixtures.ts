import type { HistoryEntry, HistoryEvent } from '../src/history-schema.ts';
import { sampleStatePayload } from './state-fixtures.ts';

/** A realistic recorded cycle; `index` varies the id and day. */
export function sampleHistoryEntry(index: number): HistoryEntry {
  const record = sampleStatePayload().days['2025-09-26'];
  if (!record) throw new Error('fixture day missing');
  return {
    cycleId: `cycle-${index}`,
    day: '2025-09-26',
    startedAt: '2025-09-26T14:30:58.000Z',
    finishedAt: '2025-09-26T14:31:10.000Z',
    outcome: 'partial',
    decision: { kind: 'trade', reason: `VTI 6.1 pts over its 40 % target (cycle ${index})` },
    orders: record.plannedOrders,
    brokerAnswers: record.brokerAnswers,
    reconciliationNotes: ['no open intent'],
    durationsMs: { snapshot: 120, sells: 4_300, buys: 2_100 },
    errors: ['TLT buy rejected: insufficient buying power'],
  };
}

/** A recorded allocation change (an event between cycles). */
export const sampleAllocationChange: HistoryEvent = {
  kind: 'allocation-changed',
  at: '2025-09-27T10:00:00.000Z',
  by: 'alice',
  from: { preset: 'dalio-lite', targets: { VTI: 0.4, TLT: 0.3, GLD: 0.2, DBC: 0.1 } },
  to: { preset: 'custom', targets: { VTI: 0.5, TLT: 0.5 } },
  configPath: '/etc/dalio/dalio.yaml',
  backupPath: null,
};
