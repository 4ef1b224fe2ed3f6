import type { Broker } from '@dalio-lite/broker';
import type { Account, MarketClock, PortfolioSnapshot, Position } from '@dalio-lite/core';
import type { EngineSettings } from './engine-settings.ts';

/** What the broker says right now, as core's snapshot plus what the guards and the plan need. */
export interface MarketSnapshot {
  account: Account;
  positions: Position[];
  snapshot: PortfolioSnapshot;
  /** Target symbols that must trade in whole shares (not fractionable, or whole shares configured). */
  wholeShareSymbols: Set<string>;
}

/** A reason the snapshot cannot be traded on; the cycle refuses with it. */
export class SnapshotRefusal extends Error {
  override readonly name = 'SnapshotRefusal';
}

/** Read account, positions, assets and latest prices; refuse untradable symbols and stale prices. */
export async function takeSnapshot(
  broker: Broker,
  settings: EngineSettings,
  clock: MarketClock,
): Promise<MarketSnapshot> {
  const [account, positions] = await Promise.all([broker.getAccount(), broker.getPositions()]);
  const symbols = [
    ...new Set([...Object.keys(settings.targets), ...positions.map((position) => position.symbol)]),
  ].sort();
  const wholeShareSymbols = new Set<string>();
  for (const symbol of Object.keys(settings.targets).sort()) {
    const asset = await broker.getAsset(symbol);
    if (!asset) throw new SnapshotRefusal(`the broker does not know ${symbol}; fix the allocation`);
    if (!asset.tradable) throw new SnapshotRefusal(`${symbol} is not tradable at the broker right now`);
    if (!asset.fractionable || settings.plan.wholeShares) wholeShareSymbols.add(symbol);
  }
  const prices = await broker.getLatestPrices(symbols);
  const nowMs = Date.parse(clock.timestamp);
  const pricesUsd: Record<string, number> = {};
  for (const symbol of symbols) {
    const price = prices.find((candidate) => candidate.symbol === symbol);
    if (!price) throw new SnapshotRefusal(`no latest price for ${symbol}; refusing to trade blind`);
    const ageMs = nowMs - Date.parse(price.at);
    if (ageMs > settings.maxPriceAgeMs) {
      throw new SnapshotRefusal(`the latest price of ${symbol} is from ${price.at}, too old to trade on`);
    }
    pricesUsd[symbol] = price.priceUsd;
  }
  const holdings = positions.map((position) => ({
    symbol: position.symbol,
    qty: position.qty,
    priceUsd: pricesUsd[position.symbol] ?? position.currentPriceUsd,
  }));
  return {
    account,
    positions,
    snapshot: { cashUsd: account.cashUsd, holdings, pricesUsd },
    wholeShareSymbols,
  };
}
