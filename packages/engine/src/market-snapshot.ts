import type { Broker } from '@dalio-lite/broker';
import type { Account, Holding, MarketClock, PortfolioSnapshot, Position } from '@dalio-lite/core';
import type { EngineSettings } from './engine-settings.ts';

/** What the broker says right now, as core's snapshot plus what the guards, the plan and the risk rules need. */
export interface MarketSnapshot {
  account: Account;
  positions: Position[];
  /** Every holding: managed ones at fresh prices, ignored ones at the broker's own valuation (0 when it has none). */
  snapshot: PortfolioSnapshot;
  /** Target symbols that must trade in whole shares (not fractionable, or whole shares configured). */
  wholeShareSymbols: Set<string>;
  /** Value of each managed holding (targets, and non-target holdings being liquidated). */
  managedValuesUsd: Record<string, number>;
  /** Cash plus the managed holdings: the sleeve the plan and the risk limits work on. */
  managedEquityUsd: number;
  /** Why this snapshot cannot be traded on (unknown or untradable asset, missing or stale price), or null. */
  refusal: string | null;
  /** What a person should know but that stops nothing (an ignored holding without a price). */
  notes: string[];
}

/**
 * Read account, positions, assets and latest prices. Only managed symbols need a fresh, positive price: a
 * holding the user chose to ignore (a delisted stock, a crypto or options position) is valued where the broker
 * values it and otherwise reported, never a reason to stop.
 */
export async function readMarketSnapshot(
  broker: Broker,
  settings: EngineSettings,
  clock: MarketClock,
): Promise<MarketSnapshot> {
  const [account, positions] = await Promise.all([broker.getAccount(), broker.getPositions()]);
  const targets = Object.keys(settings.targets).sort();
  const liquidating =
    settings.plan.nonTargetHoldings === 'liquidate'
      ? positions.map((position) => position.symbol).filter((symbol) => !targets.includes(symbol))
      : [];
  const managed = [...new Set([...targets, ...liquidating])].sort();
  const refusals: string[] = [];
  const wholeShareSymbols = new Set<string>();
  for (const symbol of managed) {
    const asset = await broker.getAsset(symbol);
    if (!asset) refusals.push(`the broker does not know ${symbol}; fix the allocation`);
    else if (!asset.tradable) refusals.push(`${symbol} is not tradable at the broker right now`);
    else if (targets.includes(symbol) && (!asset.fractionable || settings.plan.wholeShares))
      wholeShareSymbols.add(symbol);
  }
  const prices = await broker.getLatestPrices(managed);
  const nowMs = Date.parse(clock.timestamp);
  const pricesUsd: Record<string, number> = {};
  for (const symbol of managed) {
    const price = prices.find((candidate) => candidate.symbol === symbol);
    if (!price || !(price.priceUsd > 0)) {
      refusals.push(`no latest price for ${symbol}; refusing to trade blind`);
      continue;
    }
    if (nowMs - Date.parse(price.at) > settings.maxPriceAgeMs) {
      refusals.push(`the latest price of ${symbol} is from ${price.at}, too old to trade on`);
      continue;
    }
    pricesUsd[symbol] = price.priceUsd;
  }
  const notes: string[] = [];
  const holdings: Holding[] = positions.map((position) => {
    const fresh = pricesUsd[position.symbol];
    if (fresh !== undefined) return { symbol: position.symbol, qty: position.qty, priceUsd: fresh };
    const priceUsd = brokerValuation(position);
    if (priceUsd === 0) {
      notes.push(
        `${position.symbol}: ${position.qty} held that Dalio Lite ignores; the broker gives no price, so it counts as $0`,
      );
    }
    return { symbol: position.symbol, qty: position.qty, priceUsd };
  });
  const managedValuesUsd: Record<string, number> = {};
  for (const holding of holdings) {
    if (managed.includes(holding.symbol)) managedValuesUsd[holding.symbol] = holding.qty * holding.priceUsd;
  }
  const managedEquityUsd = Object.values(managedValuesUsd).reduce(
    (sum, value) => sum + value,
    account.cashUsd,
  );
  return {
    account,
    positions,
    snapshot: { cashUsd: account.cashUsd, holdings, pricesUsd },
    wholeShareSymbols,
    managedValuesUsd,
    managedEquityUsd,
    refusal: refusals.length > 0 ? refusals.join('; ') : null,
    notes,
  };
}

/** The broker's own price of a position (current price, else market value per share), 0 when it has none. */
function brokerValuation(position: Position): number {
  if (Number.isFinite(position.currentPriceUsd) && position.currentPriceUsd > 0)
    return position.currentPriceUsd;
  const perShare = position.qty !== 0 ? position.marketValueUsd / position.qty : Number.NaN;
  return Number.isFinite(perShare) && perShare > 0 ? perShare : 0;
}
