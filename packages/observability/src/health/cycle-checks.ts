import {
  computeDrift,
  daysBetween,
  findBreaches,
  formatPoints,
  newYorkDate,
  newYorkInstant,
} from '@dalio-lite/core';
import type { HistoryRecord } from '@dalio-lite/state';
import { cycleFactsOf, isSuccessfulCycle } from '../no-trade-reason.ts';
import type { HealthData, HealthSettings } from './health-data.ts';
import { type CheckResult, check } from './health-report.ts';

const SCHEDULER_FIX =
  'check that the scheduler runs: `systemctl status dalio-daemon` (or `systemctl list-timers dalio-run.timer`) and `journalctl -u dalio-daemon -u dalio-run --since yesterday`; `dalio run` runs a cycle now';

/** A session's cycle counts as done by a successful cycle that decided on that day or any later one. */
function covers(record: HistoryRecord, sessionDate: string): boolean {
  const { entry } = record;
  const facts = cycleFactsOf(entry);
  if (!isSuccessfulCycle(facts) || entry.day === null) return false;
  // A "market closed" answer on the day itself came before the open or after the close: not that day's cycle.
  return facts.outcome === 'refused' ? entry.day > sessionDate : entry.day >= sessionDate;
}

/**
 * The dead-man check: the last trading session (broker calendar) whose cycle time plus the grace has passed
 * must have had a successful cycle. Weekends and holidays have no session, so they never alert.
 */
export function heartbeatCheck(data: HealthData, settings: HealthSettings): CheckResult {
  const { clock, calendar } = data.probe;
  if (!data.history.ok)
    return check('heartbeat', 'critical', `cannot run: ${data.history.reason}`, 'see the state check');
  if (!clock.ok || !calendar.ok) {
    const reason = clock.ok ? (calendar.ok ? '' : calendar.reason) : clock.reason;
    return check(
      'heartbeat',
      'critical',
      `cannot run without the broker's calendar: ${reason}`,
      data.probe.failure?.fix ?? 'see the broker check',
    );
  }
  const nowMs = Date.parse(clock.value.timestamp);
  const graceMs = settings.heartbeatGraceMinutes * 60_000;
  const due = calendar.value
    .map((session) => {
      const timeEt = settings.timeEt < session.close ? settings.timeEt : session.open;
      return { date: session.date, timeEt, dueMs: newYorkInstant(session.date, timeEt).getTime() + graceMs };
    })
    .filter((session) => session.dueMs <= nowMs)
    .sort((a, b) => a.date.localeCompare(b.date))
    .at(-1);
  const { records } = data.history.value;
  const successes = records.filter((record) => isSuccessfulCycle(cycleFactsOf(record.entry)));
  const last = successes.at(-1)?.entry ?? null;
  const lastText = last ? `${last.finishedAt} (trading day ${last.day ?? 'unknown'})` : 'never';
  if (!due) return check('heartbeat', 'ok', `no cycle was due yet; last successful cycle: ${lastText}`);
  if (records.length === 0) {
    return check(
      'heartbeat',
      'warn',
      'no cycle has run yet',
      `start the daemon or enable dalio-run.timer; ${SCHEDULER_FIX}`,
    );
  }
  if (successes.some((record) => covers(record, due.date))) {
    return check('heartbeat', 'ok', `last successful cycle ${lastText}`);
  }
  return check(
    'heartbeat',
    'critical',
    `no successful cycle since ${lastText}: the cycle due on ${due.date} at ${due.timeEt} ET had not succeeded ${settings.heartbeatGraceMinutes} min later`,
    SCHEDULER_FIX,
  );
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

/** Successful cycles among the cycles of the window (busy cycles left out): 80 % warns, 50 % is critical. */
export function successRateCheck(data: HealthData, settings: HealthSettings): CheckResult {
  if (!data.history.ok)
    return check('success-rate', 'critical', `cannot run: ${data.history.reason}`, 'see the state check');
  const today = data.probe.clock.ok ? newYorkDate(data.probe.clock.value.timestamp) : newYorkDate(data.now);
  const inWindow = data.history.value.records
    .map((record) => record.entry)
    .filter((entry) => entry.outcome !== 'busy')
    .filter(
      (entry) => daysBetween(entry.day ?? newYorkDate(entry.finishedAt), today) < settings.successWindowDays,
    );
  if (inWindow.length < settings.minCyclesForRate) {
    return check(
      'success-rate',
      'ok',
      `${inWindow.length} cycles in the last ${settings.successWindowDays} days, too few for a rate`,
    );
  }
  const succeeded = inWindow.filter((entry) => isSuccessfulCycle(cycleFactsOf(entry))).length;
  const rate = succeeded / inWindow.length;
  const reason = `${percent(rate)} of the last ${settings.successWindowDays} days' cycles succeeded (${succeeded}/${inWindow.length})`;
  const fix = 'run `dalio status` to see the failed cycles and their reasons';
  if (rate < settings.successRate.critical) return check('success-rate', 'critical', reason, fix);
  if (rate < settings.successRate.warn) return check('success-rate', 'warn', reason, fix);
  return check('success-rate', 'ok', reason);
}

/** Failed broker requests among all of the window's: above 5 % warns, above 10 % is critical. */
export function brokerErrorsCheck(data: HealthData, settings: HealthSettings): CheckResult {
  if (!data.metrics.ok)
    return check('broker-errors', 'critical', `cannot run: ${data.metrics.reason}`, 'see the state check');
  const firstDay = new Date(data.now.getTime() - (settings.brokerErrorWindowDays - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  let requests = 0;
  let errors = 0;
  for (const [day, counts] of Object.entries(data.metrics.value.brokerDays)) {
    if (day < firstDay) continue;
    requests += counts.requests;
    errors += counts.errors;
  }
  if (requests < settings.minRequestsForRate) {
    return check(
      'broker-errors',
      'ok',
      `${requests} broker requests in the last ${settings.brokerErrorWindowDays} days, too few for a rate`,
    );
  }
  const rate = errors / requests;
  const reason = `${percent(rate)} of ${requests} broker requests in the last ${settings.brokerErrorWindowDays} days failed`;
  const fix =
    'look for "broker read retried" and "broker unreachable" in the log; check https://status.alpaca.markets';
  if (rate > settings.brokerErrorRate.critical) return check('broker-errors', 'critical', reason, fix);
  if (rate > settings.brokerErrorRate.warn) return check('broker-errors', 'warn', reason, fix);
  return check('broker-errors', 'ok', reason);
}

/** Drift beyond the band while no rebalance happened for longer than the policy allows plus a margin. */
export function driftCheck(data: HealthData, settings: HealthSettings): CheckResult {
  const { account, positions, clock } = data.probe;
  if (!account.ok || !positions.ok || !clock.ok) {
    const reason = !account.ok
      ? account.reason
      : !positions.ok
        ? positions.reason
        : clock.ok
          ? ''
          : clock.reason;
    return check(
      'drift',
      'critical',
      `cannot run: ${reason}`,
      data.probe.failure?.fix ?? 'see the broker check',
    );
  }
  if (!data.state.ok)
    return check('drift', 'critical', `cannot run: ${data.state.reason}`, 'see the state check');
  const drift = computeDrift(
    {
      cashUsd: account.value.cashUsd,
      holdings: positions.value.map((p) => ({ symbol: p.symbol, qty: p.qty, priceUsd: p.currentPriceUsd })),
    },
    settings.targets,
  );
  const breaches = findBreaches(drift.symbols, settings.policy).filter(
    (breach) => (settings.targets[breach.symbol] ?? 0) > 0,
  );
  if (drift.equityUsd <= 0) return check('drift', 'ok', 'the account has no equity yet');
  if (breaches.length === 0)
    return check('drift', 'ok', `within the band (largest drift ${formatPoints(drift.maxAbsoluteDrift)})`);
  const today = newYorkDate(clock.value.timestamp);
  const last = data.state.value?.lastRebalance?.day ?? null;
  const days = last === null ? null : daysBetween(last, today);
  const what = [...new Set(breaches.map((breach) => breach.symbol))]
    .map(
      (symbol) =>
        `${symbol} ${formatPoints(drift.symbols.find((row) => row.symbol === symbol)?.absoluteDrift ?? 0)}`,
    )
    .join(', ');
  if (days !== null && days <= settings.driftStaleDays) {
    return check(
      'drift',
      'ok',
      `beyond the band (${what}), last rebalance ${days} days ago; the policy rebalances when it may`,
    );
  }
  return check(
    'drift',
    'warn',
    `beyond the band (${what}) and ${last === null ? 'never rebalanced' : `no rebalance for ${days} days`} (more than ${settings.driftStaleDays})`,
    'run `dalio status` for why the last cycles did not trade ("why no trade"), and `dalio plan` to see what a rebalance would do',
  );
}

/** A halt warns (a person chose it); a tripped breaker is critical until a person resumes. */
export function tradingGatesCheck(data: HealthData): CheckResult {
  if (!data.state.ok)
    return check('trading-gates', 'critical', `cannot run: ${data.state.reason}`, 'see the state check');
  const payload = data.state.value;
  if (payload === null) return check('trading-gates', 'ok', 'no state yet');
  const tripped = [payload.breakers.dailyLoss, payload.breakers.drawdown].filter((b) => b !== null);
  if (tripped.length > 0) {
    return check(
      'trading-gates',
      'critical',
      `a risk breaker is tripped: ${tripped.map((b) => `${b.reason} (since ${b.trippedAt})`).join('; ')}`,
      'review the account with `dalio status --broker`, then `dalio resume` to clear it',
    );
  }
  if (payload.halt) {
    return check(
      'trading-gates',
      'warn',
      `trading is halted since ${payload.halt.since}: ${payload.halt.reason}`,
      '`dalio resume` when trading should continue',
    );
  }
  return check('trading-gates', 'ok', 'not halted, no breaker tripped');
}
