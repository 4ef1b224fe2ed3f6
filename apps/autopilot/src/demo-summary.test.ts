import { describe, expect, it } from 'vitest';
import { describeDemoSummary, summariseDemo } from './demo-summary.ts';

const closes: Record<string, Record<string, number>> = {
  '2019-01-02': { VTI: 100, TLT: 50, SPY: 200 },
  '2019-01-04': { VTI: 110, TLT: 50, SPY: 220 },
};

describe('the demo summary', () => {
  it('counts days and rebalances, and compares with buy-and-hold of the mix and SPY over the same days', () => {
    const summary = summariseDemo({
      days: [
        { day: '2019-01-02', outcome: 'committed' },
        { day: '2019-01-03', outcome: 'hold' },
        { day: '2019-01-04', outcome: 'committed' },
      ],
      startCashUsd: 10_000,
      equityUsd: 10_400,
      targets: { VTI: 0.5, TLT: 0.5 },
      priceAt: (symbol, day) => closes[day]?.[symbol] ?? null,
      clientOrderIds: ['dl-20190102-a0-VTI-buy', 'dl-20190102-a0-TLT-buy', 'dl-20190104-a0-VTI-sell'],
    });
    expect(summary).toEqual({
      firstDay: '2019-01-02',
      lastDay: '2019-01-04',
      tradingDays: 3,
      rebalances: 2,
      duplicateOrders: 0,
      equityUsd: 10_400,
      buyAndHoldUsd: 10_500,
      spyUsd: 11_000,
    });
    expect(describeDemoSummary(summary, 10_000)).toEqual([
      'Summary, 2019-01-02 → 2019-01-04: 3 trading days, 2 rebalances, 0 duplicate orders',
      '  this portfolio           $10,400.00  (+4.0 %)',
      '  buy and hold, same mix   $10,500.00  (+5.0 %)',
      '  SPY                      $11,000.00  (+10.0 %)',
    ]);
  });

  it('counts a client order id sent twice as a duplicate', () => {
    const summary = summariseDemo({
      days: [{ day: '2019-01-02', outcome: 'committed' }],
      startCashUsd: 1,
      equityUsd: 1,
      targets: {},
      priceAt: () => null,
      clientOrderIds: ['a', 'a', 'b'],
    });
    expect(summary.duplicateOrders).toBe(1);
  });
});
