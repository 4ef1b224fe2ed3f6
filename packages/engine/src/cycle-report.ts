import type { PolicyDecision } from '@dalio-lite/core';
import type { BrokerAnswer, CycleOutcome, PersistedPlannedOrder } from '@dalio-lite/state';

/** Why a cycle did not trade, for callers that branch (exit codes, alerts, the dashboard). */
export type CycleCode =
  | 'traded'
  | 'within-policy'
  | 'already-rebalanced'
  | 'lock-busy'
  | 'market-closed'
  | 'halted'
  | 'breaker'
  | 'account-blocked'
  | 'risk-limit'
  | 'state-unreadable'
  | 'snapshot-refused'
  | 'stopped'
  | 'orders-open'
  | 'error';

/** Codes that are routine (nothing for a person to do): a closed market, a hold, a busy lock. */
export const ROUTINE_CYCLE_CODES: ReadonlySet<CycleCode> = new Set<CycleCode>([
  'traded',
  'within-policy',
  'already-rebalanced',
  'lock-busy',
  'market-closed',
]);

/** What one cycle did, as returned to the caller and appended to the history. */
export interface CycleReport {
  cycleId: string;
  outcome: CycleOutcome;
  code: CycleCode;
  /** The broker's trading day, null when the cycle stopped before reading the clock. */
  day: string | null;
  /** One line a person can act on. */
  reason: string;
  decision: PolicyDecision | null;
  orders: PersistedPlannedOrder[];
  answers: BrokerAnswer[];
  notes: string[];
  errors: string[];
  durationsMs: Record<string, number>;
}
