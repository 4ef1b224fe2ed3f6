import { type Account, accountCanTrade, type BrokerVenue, type MarketClock } from '@dalio-lite/core';
import type { AccountBinding, StatePayload } from '@dalio-lite/state';

/** Why the cycle may not trade (with the code callers branch on), or nothing. */
export type GuardResult = { refuse: true; code: GuardCode; reason: string } | { refuse: false };

/** The guards' refusal codes. */
export type GuardCode = 'wrong-account' | 'halted' | 'market-closed' | 'account-blocked';

const pass: GuardResult = { refuse: false };

/**
 * The state belongs to the account it first traded. Any other account — the simulator's state meeting an
 * Alpaca account, a paper state meeting live keys — is refused before anything is read or reconciled.
 */
export function checkAccountBinding(
  binding: AccountBinding | null,
  venue: BrokerVenue,
  accountId: string,
): GuardResult {
  if (binding === null || (binding.venue === venue && binding.accountId === accountId)) return pass;
  return {
    refuse: true,
    code: 'wrong-account',
    reason: `This state belongs to ${binding.venue} account ${binding.accountId} (since ${binding.since}), but the broker is ${venue} account ${accountId}; use a separate state directory for each account (DALIO_STATE_DIR or paths.stateDir)`,
  };
}

/** The halt switch: set by `dalio halt`, cleared only by `dalio resume`. */
export function checkHalt(payload: StatePayload): GuardResult {
  return payload.halt
    ? {
        refuse: true,
        code: 'halted',
        reason: `Trading is halted since ${payload.halt.since}: ${payload.halt.reason} (run \`dalio resume\` to continue)`,
      }
    : pass;
}

/** The broker clock: open, and not within the configured minutes of the close. Checked before every order too. */
export function checkMarketClock(clock: MarketClock, closeBufferMinutes: number): GuardResult {
  if (!clock.isOpen) {
    return {
      refuse: true,
      code: 'market-closed',
      reason: `The market is closed (broker clock ${clock.timestamp}; next open ${clock.nextOpen})`,
    };
  }
  const minutesLeft = (Date.parse(clock.nextClose) - Date.parse(clock.timestamp)) / 60_000;
  if (minutesLeft < closeBufferMinutes) {
    return {
      refuse: true,
      code: 'market-closed',
      reason: `The market closes in ${Math.max(0, Math.floor(minutesLeft))} minutes (at ${clock.nextClose}); no new orders within ${closeBufferMinutes} minutes of the close`,
    };
  }
  return pass;
}

/** The account must be active and not blocked. */
export function checkAccountStatus(account: Account): GuardResult {
  if (accountCanTrade(account)) return pass;
  const flags = [
    account.status !== 'ACTIVE' ? `status ${account.status}` : null,
    account.tradingBlocked ? 'trading_blocked' : null,
    account.accountBlocked ? 'account_blocked' : null,
    account.tradeSuspendedByUser ? 'trade_suspended_by_user' : null,
  ].filter(Boolean);
  return {
    refuse: true,
    code: 'account-blocked',
    reason: `The broker account cannot trade (${flags.join(', ')})`,
  };
}
