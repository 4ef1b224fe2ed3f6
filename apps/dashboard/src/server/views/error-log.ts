import { type CycleCode, ROUTINE_CYCLE_CODES } from '@dalio-lite/engine';
import type { HistoryRecord } from '@dalio-lite/state';
import type { ReadFailure } from '../api-context.ts';

/** One line of the errors panel: a cycle that failed or was refused, or something the dashboard failed to do. */
export interface ErrorLine {
  at: string;
  source: 'cycle' | 'dashboard';
  what: string;
  message: string;
}

const MAX_LINES = 50;

/** The recent errors, newest first: the history's failed, partial and refused cycles and the dashboard's own. */
export function errorLog(records: readonly HistoryRecord[], failures: readonly ReadFailure[]): ErrorLine[] {
  const fromCycles = records.flatMap(({ entry }): ErrorLine[] => {
    const routine = entry.code !== undefined && ROUTINE_CYCLE_CODES.has(entry.code as CycleCode);
    const failed = entry.outcome === 'failed' || entry.outcome === 'partial' || entry.outcome === 'refused';
    if (entry.errors.length === 0 && (routine || !failed)) return [];
    const what = `cycle ${entry.day ?? '(no trading day)'} ${entry.outcome}${entry.code ? ` (${entry.code})` : ''}`;
    const messages = entry.errors.length > 0 ? entry.errors : [entry.decision.reason];
    return messages.map((message) => ({ at: entry.finishedAt, source: 'cycle', what, message }));
  });
  const fromDashboard = failures.map((failure): ErrorLine => ({ ...failure, source: 'dashboard' }));
  return [...fromCycles, ...fromDashboard].sort((a, b) => b.at.localeCompare(a.at)).slice(0, MAX_LINES);
}
