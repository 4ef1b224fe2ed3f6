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
  | 'wrong-account'
  | 'breaker'
  | 'account-blocked'
  | 'risk-limit'
  | 'state-unreadable'
  | 'snapshot-refused'
  | 'stopped'
  | 'superseded'
  | 'orders-open'
  | 'pin-mismatch'
  | 'live-gate'
  | 'error';

/** Codes that are routine (nothing for a person to do): a closed market, a hold, a busy lock. */
export const ROUTINE_CYCLE_CODES: ReadonlySet<CycleCode> = new Set<CycleCode>([
  'traded',
  'within-policy',
  'already-rebalanced',
  'lock-busy',
  'market-closed',
]);

/** What one cycle did: the outcome value the cycle body returns. */
export interface CycleResult {
  outcome: CycleOutcome;
  code: CycleCode;
  /** The broker's trading day, null when the cycle stopped before reading the clock. */
  day: string | null;
  /** One line a person can act on. */
  reason: string;
  /** The policy's decision when the policy was consulted. */
  decision: PolicyDecision | null;
  orders: PersistedPlannedOrder[];
  answers: BrokerAnswer[];
  notes: string[];
}

/** What one cycle did, as returned to the caller and appended to the history. */
export interface CycleReport extends CycleResult {
  cycleId: string;
  errors: string[];
  durationsMs: Record<string, number>;
}
