import { accountCanTrade, newYorkDate } from '@dalio-lite/core';
import { expectedShares, ledgerDifferences } from '../positions-ledger.ts';
import type { HealthData, HealthSettings } from './health-data.ts';
import { type CheckName, type CheckResult, check } from './health-report.ts';

function cannotRun(name: CheckName, data: HealthData, reason: string): CheckResult {
  return check(name, 'critical', `cannot run: ${reason}`, data.probe.failure?.fix ?? 'see the broker check');
}

/** The broker answers and accepts the keys; a rejected key pair is named (never shown). */
export function brokerCheck(data: HealthData): CheckResult {
  const { failure, venue } = data.probe;
  if (failure) return check('broker', 'critical', failure.reason, failure.fix);
  return check('broker', 'ok', `${venue ?? 'the broker'} answers and accepts the keys`);
}

/** The broker account is the one this state directory belongs to, and it may trade. */
export function accountCheck(data: HealthData): CheckResult {
  const { account } = data.probe;
  if (!account.ok) return cannotRun('account', data, account.reason);
  if (!data.state.ok)
    return check('account', 'critical', `cannot run: ${data.state.reason}`, 'see the state check');
  const binding = data.state.value?.account ?? null;
  if (binding && (binding.accountId !== account.value.id || binding.venue !== data.probe.venue)) {
    return check(
      'account',
      'critical',
      `the broker account is ${data.probe.venue ?? '?'} ${account.value.id}, but this state belongs to ${binding.venue} ${binding.accountId} (since ${binding.since})`,
      'use the keys of the account this state belongs to, or point paths.stateDir (DALIO_STATE_DIR) at the state directory of this account',
    );
  }
  if (!accountCanTrade(account.value)) {
    const flags = [
      account.value.status !== 'ACTIVE' ? `status ${account.value.status}` : null,
      account.value.tradingBlocked ? 'trading blocked' : null,
      account.value.accountBlocked ? 'account blocked' : null,
      account.value.tradeSuspendedByUser ? 'trading suspended by the user' : null,
    ].filter((flag) => flag !== null);
    return check(
      'account',
      'critical',
      `the account may not trade (${flags.join(', ')})`,
      'check the account in the Alpaca dashboard or with Alpaca support',
    );
  }
  return check(
    'account',
    'ok',
    binding
      ? `the account this state belongs to (${binding.accountId})`
      : 'not bound yet: the first cycle records this account',
  );
}

/** Our own orders still open after a day are left over from an earlier cycle and block new plans. */
export function openOrdersCheck(data: HealthData, settings: HealthSettings): CheckResult {
  const { openOrders, clock } = data.probe;
  if (!openOrders.ok) return cannotRun('open-orders', data, openOrders.reason);
  const nowMs = clock.ok ? Date.parse(clock.value.timestamp) : data.now.getTime();
  const own = openOrders.value.filter((order) => settings.isOwnClientOrderId(order.clientOrderId));
  const old = own.filter((order) => nowMs - Date.parse(order.createdAt) > settings.openOrderMaxAgeMs);
  if (old.length > 0) {
    return check(
      'open-orders',
      'critical',
      `${old.length} of our orders are open for more than a day: ${old.map((o) => `${o.clientOrderId} (${o.status} since ${o.createdAt})`).join(', ')}`,
      'run `dalio run` to reconcile them, or cancel them at the broker (`dalio halt` cancels every open order)',
    );
  }
  return check(
    'open-orders',
    'ok',
    own.length === 0 ? 'none of our orders is open' : `${own.length} of our orders in flight`,
  );
}

/** Every target's latest price is from the last session or the one before; older data is stale. */
export function dataFreshnessCheck(data: HealthData, settings: HealthSettings): CheckResult {
  const { prices, calendar, clock } = data.probe;
  if (!prices.ok) return cannotRun('data-freshness', data, prices.reason);
  if (!calendar.ok || !clock.ok)
    return cannotRun('data-freshness', data, calendar.ok ? (clock.ok ? '' : clock.reason) : calendar.reason);
  const today = newYorkDate(clock.value.timestamp);
  const sessions = calendar.value
    .map((session) => session.date)
    .filter((date) => date <= today)
    .sort();
  const missing = Object.keys(settings.targets).filter(
    (symbol) => !prices.value.some((p) => p.symbol === symbol),
  );
  if (missing.length > 0) {
    return check(
      'data-freshness',
      'critical',
      `no price for ${missing.join(', ')}`,
      'check broker.alpaca.dataFeed and the symbols in allocation.targets',
    );
  }
  const behind = prices.value.map((price) => {
    const date = newYorkDate(price.at);
    return { symbol: price.symbol, date, sessions: sessions.filter((session) => session > date).length };
  });
  const worst = behind.reduce((a, b) => (b.sessions > a.sessions ? b : a), {
    symbol: '',
    date: '',
    sessions: 0,
  });
  const fix = 'check the market data feed (broker.alpaca.dataFeed) and https://status.alpaca.markets';
  if (worst.sessions >= 3)
    return check(
      'data-freshness',
      'critical',
      `the latest ${worst.symbol} price is from ${worst.date}, ${worst.sessions} sessions old`,
      fix,
    );
  if (worst.sessions === 2)
    return check(
      'data-freshness',
      'warn',
      `the latest ${worst.symbol} price is from ${worst.date}, 2 sessions old`,
      fix,
    );
  return check('data-freshness', 'ok', 'every target has a price from the last session or the current one');
}

/** The broker's positions agree with the ledger plus the fills the history recorded since. */
export function ledgerCheck(
  data: HealthData,
  settings: HealthSettings,
): { result: CheckResult; mismatchRatio: number | null } {
  const { positions, account } = data.probe;
  if (!positions.ok || !account.ok) {
    return {
      result: cannotRun('ledger', data, positions.ok ? (account.ok ? '' : account.reason) : positions.reason),
      mismatchRatio: null,
    };
  }
  if (!data.ledger.ok || !data.history.ok) {
    const reason = data.ledger.ok ? (data.history.ok ? '' : data.history.reason) : data.ledger.reason;
    return {
      result: check('ledger', 'critical', `cannot run: ${reason}`, 'see the state check'),
      mismatchRatio: null,
    };
  }
  const ledger = data.ledger.value;
  if (ledger === null) {
    return {
      result: check('ledger', 'ok', 'no positions recorded yet (the next cycle records them)'),
      mismatchRatio: null,
    };
  }
  const differences = ledgerDifferences(expectedShares(ledger, data.history.value.records), positions.value);
  const valueUsd = differences.reduce((total, d) => total + d.valueUsd, 0);
  const ratio = account.value.equityUsd > 0 ? valueUsd / account.value.equityUsd : 0;
  if (differences.length === 0 || ratio < settings.ledgerMismatch.warn) {
    return {
      result: check('ledger', 'ok', `the broker's positions match the records (since ${ledger.at})`),
      mismatchRatio: ratio,
    };
  }
  const what = differences
    .map((d) => `${d.symbol} ${d.brokerShares} shares at the broker, ${d.expectedShares} recorded`)
    .join('; ');
  const status = ratio >= settings.ledgerMismatch.critical ? 'critical' : 'warn';
  return {
    result: check(
      'ledger',
      status,
      `the broker's positions differ from the records by $${valueUsd.toFixed(2)} (${(ratio * 100).toFixed(2)} % of equity): ${what}`,
      'someone traded outside Dalio Lite, a split happened, or a fill was not recorded; check `dalio status --broker` and the broker’s activity, then `dalio run` records the positions again',
    ),
    mismatchRatio: ratio,
  };
}
