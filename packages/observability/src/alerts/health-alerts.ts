import type { CheckName, CheckResult, HealthReport } from '../health/health-report.ts';
import type { Alert } from './alert.ts';

/** What a failing check means for the money. */
const IMPACT: Readonly<Record<CheckName, string>> = {
  heartbeat:
    'Nothing is watching the portfolio: no rebalance, no breaker and no drift check runs until cycles succeed again.',
  state: 'Trading is refused until the state is trustworthy again; positions at the broker are untouched.',
  broker: 'No cycle can run: the portfolio is neither rebalanced nor watched until the broker answers again.',
  pin: 'Every cycle refuses before any order: paper and live keys, hosts or accounts are mixed up.',
  account: 'Nothing is traded on this account until it is resolved; positions stay as they are.',
  'data-freshness': 'Decisions would rest on old prices, so a rebalance may be refused or sized wrongly.',
  lock: 'Cycles cannot run while the lock is held: the portfolio is not rebalanced.',
  'open-orders': 'Old orders may still fill unexpectedly, and no new plan is made until they are final.',
  ledger: 'The positions are not what Dalio Lite recorded: drift and risk figures may be off.',
  'success-rate': 'Many recent cycles did not finish their work: the portfolio may be off target.',
  'broker-errors': 'Broker requests fail often: cycles may fail or be retried, orders may be delayed.',
  drift: 'The portfolio is off target for longer than the policy intends: risk is not what you chose.',
  'trading-gates': 'No orders are placed while trading is halted or a breaker is tripped.',
  disk: 'State writes may fail soon: the cycle then refuses to trade.',
  backups:
    'Trading goes on, but a lost or corrupt state could only be rebuilt from an older backup, or not at all.',
};

/** The key a check's alert fires under. */
export function checkAlertKey(name: CheckName): string {
  return `check:${name}`;
}

function alertOf(check: CheckResult, at: string, mode: string): Alert {
  const key = checkAlertKey(check.name);
  if (check.status === 'ok') {
    return {
      key,
      kind: 'resolved',
      severity: 'info',
      title: `${check.name} is ok again: ${check.reason}`,
      impact: 'This problem no longer affects the portfolio.',
      action: 'Nothing to do; `dalio health` shows every check.',
      details: [],
      at,
      mode,
    };
  }
  const deadMan = check.name === 'heartbeat';
  return {
    key,
    kind: deadMan ? 'dead-man' : check.name === 'state' ? 'state-corrupt' : 'check-failing',
    severity: check.status === 'critical' ? 'critical' : 'warning',
    title: deadMan ? `Dead-man switch: ${check.reason}` : `Health check ${check.name}: ${check.reason}`,
    impact: IMPACT[check.name],
    action: check.fix ?? 'Run `dalio health` for details.',
    details: [],
    at,
    mode,
  };
}

/**
 * One alert per check: a failing check fires under `check:<name>` (the heartbeat as the dead-man alert), an ok
 * check resolves its key (sent only when it was firing).
 */
export function alertsForHealth(report: HealthReport, mode: string): Alert[] {
  return report.checks.map((check) => alertOf(check, report.checkedAt, mode));
}
