import type { DalioConfig } from '@dalio-lite/config';
import { tradingTarget } from '@dalio-lite/gate';

/**
 * Which broker a configuration trades, in words a person cannot misread: fake money is said to be fake. Read
 * from the same trading target the runtime builds the engine's broker from.
 */
export function describeBroker(config: DalioConfig): string {
  const target = tradingTarget(config);
  if (target.venue === 'simulator') return 'on the BUILT-IN SIMULATOR (fake money, no real broker)';
  if (target.standIn) {
    const live =
      target.venue === 'alpaca-live' ? ', standing in for ALPACA LIVE (gate, pin and tiers apply)' : '';
    return `through the Alpaca API at ${target.endpoint} (not Alpaca's own servers)${live}`;
  }
  return target.venue === 'alpaca-live'
    ? 'at ALPACA LIVE (real money)'
    : "at Alpaca's paper API (paper money)";
}
