import { loadPriceHistory } from '@dalio-lite/market-data';
import { createHistoryPriceFeed, type PriceFeed } from '../src/simulator/price-feed.ts';
import { createSimClock, type SimClock } from '../src/simulator/sim-clock.ts';
import { createSimulator, type Simulator, type SimulatorOptions } from '../src/simulator/simulator.ts';

/** Symbols every broker test trades. */
export const TEST_SYMBOLS = ['SPY', 'TLT', 'GLD'] as const;

/** Friday 2024-03-15, 11:00 New York: the market is open. */
export const OPEN_AT = '2024-03-15T11:00:00-04:00';
/** Friday 2024-03-15, 18:00 New York: closed until Monday 2024-03-18 09:30. */
export const CLOSED_AT = '2024-03-15T18:00:00-04:00';
/** Monday 2024-03-18, 09:30 New York. */
export const NEXT_OPEN = '2024-03-18T09:30:00-04:00';

let feed: Promise<PriceFeed> | undefined;

/** The bundled real history of the test symbols, loaded once per test file. */
export function historyFeed(): Promise<PriceFeed> {
  feed ??= loadPriceHistory({ symbols: TEST_SYMBOLS }).then(createHistoryPriceFeed);
  return feed;
}

/** A simulator on real history with a fixed clock (default: market open). */
export async function createTestSimulator(
  overrides: Partial<SimulatorOptions> & { at?: string } = {},
): Promise<{ sim: Simulator; clock: SimClock }> {
  const clock = overrides.clock ?? createSimClock({ mode: { kind: 'fixed', at: overrides.at ?? OPEN_AT } });
  const sim = createSimulator({ prices: await historyFeed(), ...overrides, clock });
  return { sim, clock };
}

/** A price feed whose prices a test sets by hand (constant until changed); no daily bars. */
export function createSettablePriceFeed(initial: Readonly<Record<string, number>>): {
  feed: PriceFeed;
  set(symbol: string, priceUsd: number): void;
} {
  const prices = new Map(Object.entries(initial));
  return {
    feed: {
      symbols: [...prices.keys()],
      priceAt: (symbol) => prices.get(symbol) ?? null,
      dailyBars: (symbol) => (prices.has(symbol) ? [] : null),
    },
    set: (symbol, priceUsd) => {
      prices.set(symbol, priceUsd);
    },
  };
}
