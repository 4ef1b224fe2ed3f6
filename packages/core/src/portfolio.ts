/** One holding at a known price. */
export interface Holding {
  symbol: string;
  qty: number;
  priceUsd: number;
}

/** Holdings and cash at one moment, with a price for every symbol that matters. */
export interface PortfolioSnapshot {
  cashUsd: number;
  holdings: readonly Holding[];
  /** Prices for symbols not held (targets still to buy). Holdings carry their own price. */
  pricesUsd?: Readonly<Record<string, number>>;
  /**
   * Cash already promised to open buy orders (the owner's, or not yet filled): still in `cashUsd` at the broker,
   * but not there to spend again. Buys are sized without it; on a margin account spending it would borrow.
   */
  pendingBuysUsd?: number;
}

/** Market value of one holding. */
export function holdingValueUsd(holding: Holding): number {
  return holding.qty * holding.priceUsd;
}

/** Cash plus the market value of every holding. */
export function portfolioEquityUsd(snapshot: PortfolioSnapshot): number {
  return snapshot.holdings.reduce((total, holding) => total + holdingValueUsd(holding), snapshot.cashUsd);
}

/** The price of a symbol in a snapshot: from its holding first, then from the extra prices. */
export function priceOf(snapshot: PortfolioSnapshot, symbol: string): number | undefined {
  const held = snapshot.holdings.find((holding) => holding.symbol === symbol);
  return held?.priceUsd ?? snapshot.pricesUsd?.[symbol];
}

/** Quantity held of a symbol (0 when not held). */
export function qtyOf(snapshot: PortfolioSnapshot, symbol: string): number {
  let qty = 0;
  for (const holding of snapshot.holdings) if (holding.symbol === symbol) qty += holding.qty;
  return qty;
}
