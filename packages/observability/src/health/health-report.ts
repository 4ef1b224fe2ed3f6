/** The result of one health check. */
export type CheckStatus = 'ok' | 'warn' | 'critical';

/** Every health check, in the order they are reported. */
export const CHECK_NAMES = [
  'heartbeat',
  'state',
  'broker',
  'pin',
  'account',
  'data-freshness',
  'lock',
  'open-orders',
  'ledger',
  'success-rate',
  'broker-errors',
  'drift',
  'trading-gates',
  'disk',
  'backups',
] as const;

/** The name of a health check. */
export type CheckName = (typeof CHECK_NAMES)[number];

/** One check: its status, why, and what to do about it (null when there is nothing to do). */
export interface CheckResult {
  name: CheckName;
  status: CheckStatus;
  reason: string;
  fix: string | null;
}

/** All checks and the worst of their statuses; the same structure backs `dalio health` and `/api/health`. */
export interface HealthReport {
  status: CheckStatus;
  checkedAt: string;
  checks: CheckResult[];
}

const RANK: Readonly<Record<CheckStatus, number>> = { ok: 0, warn: 1, critical: 2 };

/** 0, 1 or 2 for ok, warn, critical (the exit code of `dalio health` and the metric value). */
export function statusRank(status: CheckStatus): number {
  return RANK[status];
}

/** The worst status of some checks (ok when there are none). */
export function worstStatus(checks: readonly Pick<CheckResult, 'status'>[]): CheckStatus {
  return checks.reduce<CheckStatus>(
    (worst, check) => (RANK[check.status] > RANK[worst] ? check.status : worst),
    'ok',
  );
}

/** A result helper. */
export function check(
  name: CheckName,
  status: CheckStatus,
  reason: string,
  fix: string | null = null,
): CheckResult {
  return { name, status, reason, fix };
}
