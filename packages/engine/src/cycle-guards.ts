import { type Account, accountCanTrade, checkBreakers, type MarketClock } from '@dalio-lite/core';
import type { StatePayload } from '@dalio-lite/state';
import type { CycleContext } from './cycle-context.ts';

/** Why the cycle may not trade, or null. */
export type GuardResult = { refuse: true; reason: string } | { refuse: false };

/** The halt switch: set by `dalio halt`, cleared only by `dalio resume`. */
export function checkHalt(payload: StatePayload): GuardResult {
  return payload.halt
    ? {
        refuse: true,
        reason: `Trading is halted since ${payload.halt.since}: ${payload.halt.reason} (run \`dalio resume\` to continue)`,
      }
    : { refuse: false };
}

/** The broker clock: open, and not within the configured minutes of the close. */
export function checkMarketClock(clock: MarketClock, closeBufferMinutes: number): GuardResult {
  if (!clock.isOpen)
    return {
      refuse: true,
      reason: `The market is closed (broker clock ${clock.timestamp}; next open ${clock.nextOpen})`,
    };
  const minutesLeft = (Date.parse(clock.nextClose) - Date.parse(clock.timestamp)) / 60_000;
  if (minutesLeft < closeBufferMinutes) {
    return {
      refuse: true,
      reason: `The market closes in ${Math.max(0, Math.floor(minutesLeft))} minutes (at ${clock.nextClose}); no new orders within ${closeBufferMinutes} minutes of the close`,
    };
  }
  return { refuse: false };
}

/** The account must be active and not blocked. */
export function checkAccount(account: Account): GuardResult {
  if (accountCanTrade(account)) return { refuse: false };
  const flags = [
    account.status !== 'ACTIVE' ? `status ${account.status}` : null,
    account.tradingBlocked ? 'trading_blocked' : null,
    account.accountBlocked ? 'account_blocked' : null,
    account.tradeSuspendedByUser ? 'trade_suspended_by_user' : null,
  ].filter(Boolean);
  return { refuse: true, reason: `The broker account cannot trade (${flags.join(', ')})` };
}

/**
 * Run the breakers against the account and persist what changed (high-water mark, newly tripped breakers)
 * before deciding, so a trip survives a crash and a restart.
 */
export async function checkAndPersistBreakers(context: CycleContext, account: Account): Promise<GuardResult> {
  const loaded = await context.store.load();
  const payload = loaded?.payload;
  if (!payload) throw new Error('state must exist before the breakers are checked');
  const outcome = checkBreakers(
    {
      equityUsd: account.equityUsd,
      lastEquityUsd: account.lastEquityUsd,
      highWaterMarkUsd: payload.highWaterMarkUsd ?? account.equityUsd,
      breakers: payload.breakers,
      now: context.now().toISOString(),
    },
    context.settings.risk,
  );
  if (outcome.highWaterMarkUsd !== payload.highWaterMarkUsd || outcome.newlyTripped.length > 0) {
    await context.store.update((current) => ({
      ...current,
      highWaterMarkUsd: Math.max(current.highWaterMarkUsd ?? 0, outcome.highWaterMarkUsd),
      breakers: {
        dailyLoss: current.breakers.dailyLoss ?? outcome.breakers.dailyLoss,
        drawdown: current.breakers.drawdown ?? outcome.breakers.drawdown,
      },
    }));
  }
  for (const breaker of outcome.newlyTripped) {
    const tripped = outcome.breakers[breaker];
    if (tripped) context.emit({ type: 'breaker-tripped', breaker, reason: tripped.reason });
  }
  return outcome.decision.kind === 'block'
    ? { refuse: true, reason: outcome.decision.reasons.join('; ') }
    : { refuse: false };
}
