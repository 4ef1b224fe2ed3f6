import { type BacktestSettings, DEFAULT_START_CASH_USD, resolveBacktestSettings } from '@dalio-lite/backtest';
import type { DalioConfig } from '@dalio-lite/config';
import type { Targets } from '@dalio-lite/core';

/** The parts of the config a historical replay follows: when to rebalance and how drift becomes orders. */
export type ReplayPolicy = Pick<DalioConfig, 'policy' | 'plan'>;

/**
 * Backtest settings for `targets` under the user's own policy and plan, so every allocation is replayed the way
 * the engine would trade it. No fees or slippage, fills at the close: the same defaults as `dalio backtest`.
 */
export function strategySettings(
  targets: Targets,
  config: ReplayPolicy,
  startCashUsd = DEFAULT_START_CASH_USD,
): BacktestSettings {
  const { wholeShares, ...plan } = config.plan;
  return resolveBacktestSettings({ targets, policy: config.policy, plan, wholeShares, startCashUsd });
}
