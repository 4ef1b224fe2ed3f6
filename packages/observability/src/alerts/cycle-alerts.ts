import type { CycleOutcome } from '@dalio-lite/state';
import type { Alert, AlertKind, AlertSeverity } from './alert.ts';

/** What a finished cycle reported, as the alert rules need it. */
export interface CycleAlertInput {
  day: string | null;
  outcome: CycleOutcome;
  code: string;
  reason: string;
  /** One line per order (side, symbol, amount, result), for the details. */
  orderLines: string[];
  errors: string[];
  at: string;
  mode: string;
}

/** The key every cycle problem fires under; a later successful cycle resolves it. */
export const CYCLE_ALERT_KEY = 'cycle';

/** The way out of an unreadable state (the same advice `dalio` prints). */
export const STATE_RECOVERY_ACTION =
  'Restore the newest backup that verifies with `dalio backup restore latest` (`--from s3` for the off-site copies), or put a good state.json back yourself and run `dalio state accept-restored`, or start over with `dalio state reset --yes` (it keeps the damaged files and leaves trading halted); `dalio health` confirms.';

interface Rule {
  kind: AlertKind;
  severity: AlertSeverity;
  title: (input: CycleAlertInput) => string;
  impact: string;
  action: string;
}

const on = (input: CycleAlertInput) => (input.day ? ` on ${input.day}` : '');

/** Refusals and failures that need a person, by cycle code. Routine codes have no rule. */
const RULES: Readonly<Record<string, Rule>> = {
  error: {
    kind: 'cycle-failed',
    severity: 'critical',
    title: (input) => `The rebalance${on(input)} failed: ${input.reason}`,
    impact:
      'The orders shown below are all that was placed; the portfolio may stay off target until a cycle succeeds.',
    action:
      'Run `dalio status` to see the orders and errors, then `dalio run` to retry (it reconciles first).',
  },
  halted: {
    kind: 'cycle-refused',
    severity: 'warning',
    title: (input) => `Trading is halted, no orders${on(input)}: ${input.reason}`,
    impact:
      'No orders are placed while halted, so the portfolio drifts unchecked; positions are kept as they are.',
    action: 'Run `dalio status` to see why it was halted, and `dalio resume` when trading should continue.',
  },
  breaker: {
    kind: 'cycle-refused',
    severity: 'critical',
    title: (input) => `A risk breaker stopped trading: ${input.reason}`,
    impact: 'Trading is paused to stop further losses; nothing was sold, positions are held as they are.',
    action: 'Review the account with `dalio status --broker`, then `dalio resume` to clear the breaker.',
  },
  'wrong-account': {
    kind: 'cycle-refused',
    severity: 'critical',
    title: (input) => `Wrong broker account: ${input.reason}`,
    impact:
      'Nothing is traded: orders on another account would mix two portfolios (or paper and live money).',
    action:
      'Check APCA_API_KEY_ID in the secrets file and paths.stateDir; `dalio status` shows which account this state belongs to.',
  },
  'pin-mismatch': {
    kind: 'cycle-refused',
    severity: 'critical',
    title: (input) => `Keys, host and account do not agree, nothing traded${on(input)}: ${input.reason}`,
    impact:
      'No order is sent: paper keys on the live host, live keys on the paper host or another account would put real and paper money in the wrong place.',
    action:
      'Check APCA_API_KEY_ID (PK… paper, AK… live), mode and DALIO_ALPACA_BASE_URL; `dalio status` shows the pin.',
  },
  'live-gate': {
    kind: 'cycle-refused',
    severity: 'critical',
    title: (input) => `The live gate no longer holds, nothing traded${on(input)}: ${input.reason}`,
    impact:
      'Live trading is paused: no order goes out until the gate holds again; positions are kept as they are.',
    action:
      'Run `dalio checklist` to see what failed and fix it, or `dalio live disable` to return to paper.',
  },
  'account-blocked': {
    kind: 'cycle-refused',
    severity: 'critical',
    title: (input) => `The broker account may not trade: ${input.reason}`,
    impact: 'No orders can be placed; the portfolio stays as it is until the broker lifts the block.',
    action: 'Check the account at Alpaca (dashboard or support); `dalio health` shows when it is clear.',
  },
  'state-unreadable': {
    kind: 'state-corrupt',
    severity: 'critical',
    title: (input) => `The state could not be read: ${input.reason}`,
    impact:
      'Trading is refused until the state is restored (fail closed); positions at the broker are untouched.',
    action: STATE_RECOVERY_ACTION,
  },
  'risk-limit': {
    kind: 'cycle-refused',
    severity: 'warning',
    title: (input) => `A risk limit blocked the rebalance${on(input)}: ${input.reason}`,
    impact: 'The planned orders were not sent; the portfolio stays off target.',
    action: 'Run `dalio plan` to see the orders, and review the risk settings (risk.*) in dalio.yaml.',
  },
  'orders-open': {
    kind: 'cycle-refused',
    severity: 'warning',
    title: (input) => `Orders are still open${on(input)}: ${input.reason}`,
    impact: 'No new plan is made until they are final, and they may still fill.',
    action:
      'Run `dalio status --broker`; the next `dalio run` reconciles them (or `dalio halt` cancels them).',
  },
  'snapshot-refused': {
    kind: 'cycle-refused',
    severity: 'warning',
    title: (input) => `Prices or positions could not be trusted${on(input)}: ${input.reason}`,
    impact: 'Nothing was traded this cycle; the portfolio stays as it is.',
    action: 'Run `dalio health` to check the data, then `dalio run` to try again.',
  },
  stopped: {
    kind: 'cycle-partial',
    severity: 'warning',
    title: (input) => `The cycle${on(input)} stopped before it finished: ${input.reason}`,
    impact: 'Orders already sent stand; the rest of the day is finished or closed by the next run.',
    action: 'Run `dalio status`; the next `dalio run` reconciles and finishes the day.',
  },
  superseded: {
    kind: 'cycle-partial',
    severity: 'warning',
    title: (input) => `Another process took over the day${on(input)}: ${input.reason}`,
    impact: 'This process stopped; the other one finishes the day. Nothing is sent twice.',
    action: 'Make sure only one scheduler runs (the daemon or the timer), then check `dalio status`.',
  },
};

const PARTIAL: Rule = {
  kind: 'cycle-partial',
  severity: 'warning',
  title: (input) => `The rebalance${on(input)} is only partly done: ${input.reason}`,
  impact:
    'Some orders filled and others did not: the portfolio is between its old and its target weights, and cash may sit idle.',
  action: 'Run `dalio status`; the next `dalio run` (or the daemon’s retry) finishes or closes the day.',
};

/** Codes after which nothing needs a person: they resolve an earlier cycle alert. */
const ROUTINE_CODES: ReadonlySet<string> = new Set([
  'traded',
  'within-policy',
  'already-rebalanced',
  'market-closed',
]);

const OTHER: Rule = {
  kind: 'cycle-refused',
  severity: 'warning',
  title: (input) => `The cycle${on(input)} did not trade (${input.code}): ${input.reason}`,
  impact: 'Nothing was traded this cycle; the portfolio stays as it is.',
  action: 'Run `dalio status` and `dalio health` to see why.',
};

/**
 * The alerts of one finished cycle: a problem fires under `cycle` (failed, partial, or a refusal that needs a
 * person); a routine cycle resolves it; a committed trade is also reported once, for information.
 */
export function alertsForCycle(input: CycleAlertInput): Alert[] {
  const details = [...input.orderLines, ...input.errors.map((error) => `error: ${error}`)];
  const base = { at: input.at, mode: input.mode, details };
  const rule =
    input.outcome === 'partial'
      ? PARTIAL
      : input.outcome === 'failed'
        ? RULES.error
        : (RULES[input.code] ??
          (ROUTINE_CODES.has(input.code) || input.code === 'lock-busy' ? undefined : OTHER));
  if (rule) {
    return [
      {
        ...base,
        key: CYCLE_ALERT_KEY,
        kind: rule.kind,
        severity: rule.severity,
        title: rule.title(input),
        impact: rule.impact,
        action: rule.action,
      },
    ];
  }
  if (input.code === 'lock-busy') return [];
  const resolved: Alert = {
    ...base,
    key: CYCLE_ALERT_KEY,
    kind: 'resolved',
    severity: 'info',
    title: `Cycles succeed again${on(input)}: ${input.reason}`,
    impact: 'The autopilot is keeping the portfolio on target again.',
    action: 'Nothing to do; `dalio status` shows the last cycles.',
  };
  if (input.outcome !== 'committed') return [resolved];
  return [
    resolved,
    {
      ...base,
      key: `traded:${input.day ?? input.at}`,
      kind: 'cycle-traded',
      severity: 'info',
      title: `Rebalanced${on(input)}: ${input.reason}`,
      impact: 'The portfolio was brought back to its targets with the orders below.',
      action: 'Nothing to do; `dalio status` shows the orders and fills.',
    },
  ];
}

/** The alert of a trading day on which no cycle ran at all (the daemon saw the session pass). */
export function missedDayAlert(input: { day: string; reason: string; at: string; mode: string }): Alert {
  return {
    key: CYCLE_ALERT_KEY,
    kind: 'cycle-failed',
    severity: 'critical',
    title: `No cycle ran on ${input.day}: ${input.reason}`,
    impact: 'The portfolio was neither checked nor rebalanced that day; breakers and drift went unwatched.',
    action:
      'Read the log (`journalctl -u dalio-daemon`) and run `dalio health`; the next trading day runs as usual.',
    details: [],
    at: input.at,
    mode: input.mode,
  };
}
