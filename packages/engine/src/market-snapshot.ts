import type { Broker } from '@dalio-lite/broker';
import type { Account, Holding, MarketClock, Order, PortfolioSnapshot, Position } from '@dalio-lite/core';
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

/** What a snapshot may reuse instead of asking the broker again, and how it waits for a consistent read. */
export interface SnapshotReuse {
  /** An account read this cycle with nothing traded or canceled since. */
  account?: Account;
  /** Asset lookups (tradable, fractionable), e.g. cached for the trading day. */
  getAsset?: Broker['getAsset'];
  /** Pause between reads while the account and the positions disagree (default: none, read again at once). */
  sleep?: (ms: number) => Promise<void>;
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
  reuse: SnapshotReuse = {},
): Promise<MarketSnapshot> {
  const getAsset = reuse.getAsset ?? ((symbol: string) => broker.getAsset(symbol));
  const consistent = await readAccountAndPositions(broker, settings, reuse);
  const { account, positions } = consistent;
  const targets = Object.keys(settings.targets).sort();
  const liquidating =
    settings.plan.nonTargetHoldings === 'liquidate'
      ? positions.map((position) => position.symbol).filter((symbol) => !targets.includes(symbol))
      : [];
  const managed = [...new Set([...targets, ...liquidating])].sort();
  const refusals: string[] = consistent.agree
    ? []
    : [
        `the broker's account (equity ${account.equityUsd.toFixed(2)}) and its positions (cash plus positions ${holdingsTotalUsd(account, positions).toFixed(2)}) still disagree after the lookup grace; the next run reads them again`,
      ];
  const wholeShareSymbols = new Set<string>();
  for (const symbol of managed) {
    const asset = await getAsset(symbol);
    if (!asset) refusals.push(`the broker does not know ${symbol}; fix the allocation`);
    else if (!asset.tradable) refusals.push(`${symbol} is not tradable at the broker right now`);
    else if (targets.includes(symbol) && (!asset.fractionable || settings.plan.wholeShares))
      wholeShareSymbols.add(symbol);
  }
  const [prices, open] = await Promise.all([
    broker.getLatestPrices(managed),
    broker.listOrders({ status: 'open', limit: 500 }),
  ]);
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
  const allowance = 1 + (settings.plan.buyPriceAllowance ?? 0);
  const pendingBuysUsd = pendingBuyCostUsd(open, (symbol) => (pricesUsd[symbol] ?? 0) * allowance || null);
  return {
    account,
    positions,
    snapshot: { cashUsd: account.cashUsd, holdings, pricesUsd, pendingBuysUsd },
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

/**
 * Account and positions read as one picture. They are two requests, and a fill can land between them (Alpaca
 * shows fills in cash and positions a moment after the order): cash from before a buy beside positions after
 * it counts the money twice. The account's equity must equal its cash plus the positions' value; until it does
 * (through the lookup grace), both are read again, one after the other.
 */
async function readAccountAndPositions(
  broker: Broker,
  settings: EngineSettings,
  reuse: SnapshotReuse,
): Promise<{ account: Account; positions: Position[]; agree: boolean }> {
  let [account, positions] = await Promise.all([reuse.account ?? broker.getAccount(), broker.getPositions()]);
  const attempts = Math.max(1, Math.ceil(settings.lookupGraceMs / settings.pollIntervalMs) + 1);
  for (let attempt = 1; attempt < attempts; attempt++) {
    if (agreeing(account, positions)) return { account, positions, agree: true };
    await reuse.sleep?.(settings.pollIntervalMs);
    account = await broker.getAccount();
    positions = await broker.getPositions();
  }
  return { account, positions, agree: agreeing(account, positions) };
}

/** Prices move between two reads: agreement is within a quarter of a percent of equity (or a dollar). */
function agreeing(account: Account, positions: readonly Position[]): boolean {
  const toleranceUsd = Math.max(1, Math.abs(account.equityUsd) * 0.0025);
  return Math.abs(holdingsTotalUsd(account, positions) - account.equityUsd) <= toleranceUsd;
}

function holdingsTotalUsd(account: Account, positions: readonly Position[]): number {
  return positions.reduce((total, position) => total + position.marketValueUsd, account.cashUsd);
}

/**
 * What open buy orders will still spend: a dollar order its dollars not yet filled, a share order its unfilled
 * shares at the price given (with the buy allowance), or at its fills' average when there is none.
 */
export function pendingBuyCostUsd(
  orders: readonly Order[],
  priceOf: (symbol: string) => number | null,
): number {
  let totalUsd = 0;
  for (const order of orders) {
    if (order.side !== 'buy') continue;
    const spentUsd = order.filledQty * (order.filledAvgPriceUsd ?? 0);
    if (order.amount.kind === 'notional') totalUsd += Math.max(0, Number(order.amount.usd) - spentUsd);
    else {
      const priceUsd = priceOf(order.symbol) ?? order.filledAvgPriceUsd ?? 0;
      totalUsd += Math.max(0, Number(order.amount.shares) - order.filledQty) * priceUsd;
    }
  }
  return totalUsd;
}
