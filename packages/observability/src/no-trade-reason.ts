import type { CycleOutcome, HistoryEntry } from '@dalio-lite/state';

/** Every reason a cycle may end without placing an order: a fixed set, so it can be a metric label. */
export const NO_TRADE_REASONS = [
  'within-band',
  'min-days',
  'calendar-not-due',
  'below-min-trade',
  'no-equity',
  'already-rebalanced',
  'market-closed',
  'lock-busy',
  'halted',
  'breaker',
  'wrong-account',
  'pin-mismatch',
  'live-gate',
  'account-blocked',
  'risk-limit',
  'orders-open',
  'snapshot-refused',
  'state-unreadable',
  'stopped',
  'superseded',
  'error',
  'unknown',
] as const;

/** Why a cycle did not trade. */
export type NoTradeReason = (typeof NO_TRADE_REASONS)[number];

const KNOWN = new Set<string>(NO_TRADE_REASONS);

const POLICY_HOLDS: Readonly<Record<string, NoTradeReason>> = {
  'within-band': 'within-band',
  'min-days': 'min-days',
  'calendar-not-due': 'calendar-not-due',
  'nothing-to-trade': 'below-min-trade',
  'no-equity': 'no-equity',
};

/** A sentence per reason, for `dalio status` and alert texts. */
export const NO_TRADE_TEXT: Readonly<Record<NoTradeReason, string>> = {
  'within-band': 'every symbol is within its drift band',
  'min-days': 'too few days since the last rebalance (policy.minDaysBetween)',
  'calendar-not-due': 'the calendar rebalance is not due yet',
  'below-min-trade': 'every order would be below plan.minTradeUsd',
  'no-equity': 'the account has no equity',
  'already-rebalanced': 'this trading day was already rebalanced',
  'market-closed': 'the market was closed or about to close',
  'lock-busy': 'another process was rebalancing',
  halted: 'trading is halted (`dalio resume` ends it)',
  breaker: 'a risk breaker is tripped',
  'wrong-account': 'the broker account is not the one this state belongs to',
  'pin-mismatch': 'the keys, the host and the account do not agree (paper vs live)',
  'live-gate': 'the live gate no longer holds (`dalio checklist`)',
  'account-blocked': 'the broker account may not trade',
  'risk-limit': 'the plan broke a risk limit',
  'orders-open': 'orders of an earlier day are still open',
  'snapshot-refused': 'prices or positions could not be trusted',
  'state-unreadable': 'the state could not be read',
  stopped: 'the cycle was stopped before it finished',
  superseded: 'another process took over the day',
  error: 'the cycle failed',
  unknown: 'recorded before reasons were kept',
};

/** What a cycle's outcome says about it, as the engine reports it or the history recorded it. */
export interface CycleFacts {
  outcome: CycleOutcome;
  /** The engine's cycle code; null on history lines written before codes were recorded. */
  code: string | null;
  /** The policy's hold code when the policy held. */
  policyCode: string | null;
}

/** The cycle code of a history entry; older lines without one get the code their outcome implies. */
export function cycleCodeOf(entry: Pick<HistoryEntry, 'outcome' | 'code' | 'decision'>): string {
  if (entry.code) return entry.code;
  switch (entry.outcome) {
    case 'busy':
      return 'lock-busy';
    case 'committed':
    case 'partial':
      return 'traded';
    case 'failed':
      return 'error';
    case 'hold':
      return entry.decision.reason.startsWith('Already rebalanced') ? 'already-rebalanced' : 'within-policy';
    case 'refused':
      return 'unknown';
  }
}

/** The facts of a history entry. */
export function cycleFactsOf(entry: Pick<HistoryEntry, 'outcome' | 'code' | 'decision'>): CycleFacts {
  const code = cycleCodeOf(entry);
  const policyCode =
    entry.decision.code ??
    (code === 'within-policy' && entry.decision.kind === 'hold'
      ? legacyPolicyCode(entry.decision.reason)
      : null);
  return { outcome: entry.outcome, code, policyCode };
}

/** The policy's hold code of a line written before codes were recorded, from core's fixed sentences. */
function legacyPolicyCode(reason: string): string {
  if (/^Only \d+ days? since the last rebalance/.test(reason)) return 'min-days';
  if (/below the minimum trade/.test(reason)) return 'nothing-to-trade';
  if (/^Already rebalanced this /.test(reason)) return 'calendar-not-due';
  if (/no equity/.test(reason)) return 'no-equity';
  return 'within-band';
}

/** True when the cycle placed (or finished placing) orders. */
export function cycleTraded(facts: CycleFacts): boolean {
  return facts.outcome === 'committed' || facts.outcome === 'partial' || facts.code === 'traded';
}

/**
 * Why a cycle did not trade, from a fixed set; null when it traded. A hold of the policy names the policy's
 * reason (within band, minimum days, ...), a refusal its guard (market closed, halted, breaker, ...).
 */
export function noTradeReasonOf(facts: CycleFacts): NoTradeReason | null {
  if (cycleTraded(facts)) return null;
  if (facts.outcome === 'failed') return 'error';
  if (facts.code === 'within-policy') {
    return (facts.policyCode !== null ? POLICY_HOLDS[facts.policyCode] : undefined) ?? 'unknown';
  }
  if (facts.code === 'lock-busy' || facts.outcome === 'busy') return 'lock-busy';
  return facts.code !== null && KNOWN.has(facts.code) ? (facts.code as NoTradeReason) : 'unknown';
}

/** "Why no trade" of one recorded cycle: the reason from the fixed set and the cycle's own sentence. */
export function whyNoTrade(
  entry: HistoryEntry,
): { reason: NoTradeReason; text: string; detail: string } | null {
  const reason = noTradeReasonOf(cycleFactsOf(entry));
  return reason === null ? null : { reason, text: NO_TRADE_TEXT[reason], detail: entry.decision.reason };
}

/**
 * A successful cycle: it ran to a decision the autopilot is meant to reach on its own (traded and committed,
 * held by policy, already done today, or the market was closed). Failures, partial days and refusals that
 * need a person are not; a busy lock is another process's cycle, not one of its own.
 */
export function isSuccessfulCycle(facts: CycleFacts): boolean {
  if (facts.outcome === 'committed' || facts.outcome === 'hold') return true;
  return facts.outcome === 'refused' && facts.code === 'market-closed';
}
