import type { Position } from '@dalio-lite/core';
import { describe, expect, it } from 'vitest';
import { cycle } from '../test/health-fixtures.ts';
import { expectedShares, ledgerDifferences } from './positions-ledger.ts';

const position = (symbol: string, qty: number, price = 100): Position => ({
  symbol,
  qty,
  marketValueUsd: qty * price,
  currentPriceUsd: price,
  avgEntryPriceUsd: price,
});

describe('positions ledger', () => {
  const ledger = { at: '2025-03-03T15:00:00.000Z', shares: { VTI: 10, TLT: 5 } };
  const later = cycle(2, {
    finishedAt: '2025-03-04T15:00:00.000Z',
    orders: [
      {
        clientOrderId: 'dl-1-VTI-sell',
        symbol: 'VTI',
        side: 'sell',
        amount: { kind: 'qty', shares: '2' },
        estimatedValueUsd: 200,
      },
    ],
    brokerAnswers: [
      {
        clientOrderId: 'dl-1-VTI-sell',
        at: '2025-03-04T15:00:00.000Z',
        orderId: 'o',
        status: 'partially_filled',
        filledQty: 1,
        filledAvgPriceUsd: 100,
        error: null,
      },
      {
        clientOrderId: 'dl-1-VTI-sell',
        at: '2025-03-04T15:00:01.000Z',
        orderId: 'o',
        status: 'filled',
        filledQty: 2,
        filledAvgPriceUsd: 100,
        error: null,
      },
    ],
  });

  it('expects the recorded shares plus the later fills of our own orders, each order once', () => {
    expect(Object.fromEntries(expectedShares(ledger, [later]))).toEqual({ VTI: 8, TLT: 5 });
  });

  it('finds what the broker holds differently, valued at current prices', () => {
    const expected = expectedShares(ledger, [later]);
    expect(ledgerDifferences(expected, [position('VTI', 8), position('TLT', 5)])).toEqual([]);
    expect(
      ledgerDifferences(expected, [position('VTI', 8), position('TLT', 2), position('GLD', 1, 250)]),
    ).toEqual([
      { symbol: 'GLD', expectedShares: 0, brokerShares: 1, valueUsd: 250 },
      { symbol: 'TLT', expectedShares: 5, brokerShares: 2, valueUsd: 300 },
    ]);
  });
});
