import type { DalioConfig } from '@dalio-lite/config';

/** Which broker a configuration trades, in words a person cannot misread: fake money is said to be fake. */
export function describeBroker(config: DalioConfig): string {
  const { broker } = config;
  if (broker.kind === 'simulator') return 'on the BUILT-IN SIMULATOR (fake money, no real broker)';
  const host = broker.alpaca.baseUrl;
  if (host !== null) return `through the Alpaca API at ${host} (not Alpaca's own servers)`;
  return broker.alpaca.paper ? "at Alpaca's paper API (paper money)" : 'at ALPACA LIVE (real money)';
}
