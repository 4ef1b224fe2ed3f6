import { holdingValueUsd, type PortfolioSnapshot, portfolioEquityUsd } from './portfolio.ts';
import type { Targets } from './targets.ts';

/** Drift of one symbol. Weights are fractions of equity (0.4 = 40 %). */
export interface SymbolDrift {
  symbol: string;
  valueUsd: number;
  currentWeight: number;
  targetWeight: number;
  /** current − target, in weight units (0.05 = 5 points). */
  absoluteDrift: number;
  /** absolute / target; null for non-target holdings (target 0). */
  relativeDrift: number | null;
  isTarget: boolean;
}

/** Drift of a whole portfolio against its targets. Cash counts in equity. */
export interface DriftReport {
  equityUsd: number;
  cashUsd: number;
  cashWeight: number;
  symbols: SymbolDrift[];
  /** The largest |absolute drift| over all symbols, 0 for an empty portfolio. */
  maxAbsoluteDrift: number;
}

/**
 * Measure each symbol's weight against its target. Target symbols not held appear with weight 0;
 * holdings outside the targets appear with target 0. Rows are sorted: targets first, then by symbol.
 */
export function computeDrift(snapshot: PortfolioSnapshot, targets: Targets): DriftReport {
  const equityUsd = portfolioEquityUsd(snapshot);
  const values = new Map<string, number>();
  for (const symbol of Object.keys(targets)) values.set(symbol, 0);
  for (const holding of snapshot.holdings) {
    values.set(holding.symbol, (values.get(holding.symbol) ?? 0) + holdingValueUsd(holding));
  }
  const symbols: SymbolDrift[] = [];
  for (const [symbol, valueUsd] of values) {
    const targetWeight = targets[symbol] ?? 0;
    const currentWeight = equityUsd > 0 ? valueUsd / equityUsd : 0;
    const absoluteDrift = currentWeight - targetWeight;
    symbols.push({
      symbol,
      valueUsd,
      currentWeight,
      targetWeight,
      absoluteDrift,
      relativeDrift: targetWeight > 0 ? absoluteDrift / targetWeight : null,
      isTarget: targetWeight > 0,
    });
  }
  symbols.sort((a, b) => Number(b.isTarget) - Number(a.isTarget) || a.symbol.localeCompare(b.symbol));
  const maxAbsoluteDrift = symbols.reduce((max, row) => Math.max(max, Math.abs(row.absoluteDrift)), 0);
  return {
    equityUsd,
    cashUsd: snapshot.cashUsd,
    cashWeight: equityUsd > 0 ? snapshot.cashUsd / equityUsd : 0,
    symbols,
    maxAbsoluteDrift,
  };
}
