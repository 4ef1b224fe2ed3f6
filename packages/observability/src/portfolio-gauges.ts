import { type Account, computeDrift, type Position, type Targets } from '@dalio-lite/core';
import type { MetricKey } from './metric-definitions.ts';
import type { Series } from './metrics-file.ts';

/** The portfolio gauges (equity, cash, drift per symbol, ledger mismatch) from one look at the broker. */
export function portfolioGauges(input: {
  account: Account;
  positions: readonly Position[];
  targets: Targets;
  /** Value of the positions that differ from the ledger, as a fraction of equity; null when not compared. */
  ledgerMismatchRatio: number | null;
  at: Date;
}): Partial<Record<MetricKey, Series[]>> {
  const drift = computeDrift(
    {
      cashUsd: input.account.cashUsd,
      holdings: input.positions.map((p) => ({ symbol: p.symbol, qty: p.qty, priceUsd: p.currentPriceUsd })),
    },
    input.targets,
  );
  return {
    equity: [{ labels: {}, value: input.account.equityUsd }],
    cash: [{ labels: {}, value: input.account.cashUsd }],
    drift: drift.symbols
      .filter((row) => row.isTarget)
      .map((row) => ({ labels: { symbol: row.symbol }, value: row.absoluteDrift })),
    portfolioSnapshot: [{ labels: {}, value: input.at.getTime() / 1000 }],
    ...(input.ledgerMismatchRatio === null
      ? {}
      : { ledgerMismatch: [{ labels: {}, value: input.ledgerMismatchRatio }] }),
  };
}
