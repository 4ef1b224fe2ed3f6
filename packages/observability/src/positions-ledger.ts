import type { Position } from '@dalio-lite/core';
import type { HistoryRecord, StateDirOptions } from '@dalio-lite/state';
import { z } from 'zod';
import { createLockedJsonFile } from './locked-json-file.ts';

/** File name of the positions ledger. */
export const LEDGER_FILE = 'ledger.json';

/** The shares held at the end of the last cycle that left no order open, as the broker reported them. */
export const positionsLedgerSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  shares: z.record(z.string(), z.number().finite()),
});

/** The recorded positions. */
export type PositionsLedger = z.infer<typeof positionsLedgerSchema>;

/** The ledger of a state directory: written after a cycle, compared with the broker by `dalio health`. */
export interface PositionsLedgerFile {
  read(): Promise<PositionsLedger | null>;
  record(positions: readonly Position[], at: Date): Promise<void>;
}

/** Open the positions ledger. */
export function createPositionsLedger(options: StateDirOptions): PositionsLedgerFile {
  const file = createLockedJsonFile({ ...options, fileName: LEDGER_FILE, schema: positionsLedgerSchema });
  return {
    read: () => file.read(),
    async record(positions, at) {
      const shares = Object.fromEntries(positions.map((position) => [position.symbol, position.qty]));
      await file.update((current) =>
        current && Date.parse(current.at) > at.getTime() ? current : { at: at.toISOString(), shares },
      );
    },
  };
}

/**
 * What the autopilot's records say it holds: the ledger plus the fills of its own orders recorded in the
 * history after the ledger was written (each order's latest fill counted once).
 */
export function expectedShares(
  ledger: PositionsLedger,
  records: readonly HistoryRecord[],
): Map<string, number> {
  const shares = new Map(Object.entries(ledger.shares));
  const fills = new Map<string, { symbol: string; signedQty: number }>();
  for (const { entry } of records) {
    if (entry.finishedAt <= ledger.at) continue;
    for (const order of entry.orders) {
      const answer = entry.brokerAnswers.findLast((a) => a.clientOrderId === order.clientOrderId);
      if (answer?.filledQty == null) continue;
      const sign = order.side === 'buy' ? 1 : -1;
      fills.set(order.clientOrderId, { symbol: order.symbol, signedQty: sign * answer.filledQty });
    }
  }
  for (const { symbol, signedQty } of fills.values())
    shares.set(symbol, (shares.get(symbol) ?? 0) + signedQty);
  return shares;
}

/** One symbol where the broker and the records disagree. */
export interface LedgerDifference {
  symbol: string;
  expectedShares: number;
  brokerShares: number;
  valueUsd: number;
}

/** Where the broker's positions differ from the expected shares (beyond rounding), valued at current prices. */
export function ledgerDifferences(
  expected: ReadonlyMap<string, number>,
  positions: readonly Position[],
): LedgerDifference[] {
  const broker = new Map(positions.map((position) => [position.symbol, position]));
  const symbols = new Set([...expected.keys(), ...broker.keys()]);
  const differences: LedgerDifference[] = [];
  for (const symbol of [...symbols].sort()) {
    const expectedQty = expected.get(symbol) ?? 0;
    const position = broker.get(symbol);
    const brokerQty = position?.qty ?? 0;
    if (Math.abs(expectedQty - brokerQty) <= 1e-6) continue;
    const price = position?.currentPriceUsd ?? 0;
    differences.push({
      symbol,
      expectedShares: expectedQty,
      brokerShares: brokerQty,
      valueUsd: Math.abs(expectedQty - brokerQty) * price,
    });
  }
  return differences;
}
