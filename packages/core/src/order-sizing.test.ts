import { describe, expect, it } from 'vitest';
import { scaleBuys } from './order-sizing.ts';

describe('scaleBuys', () => {
  it('scales every buy by the same factor to the cash available and rounds down to cents', () => {
    const buys = scaleBuys(
      [
        { symbol: 'VTI', valueUsd: 6_000, priceUsd: 300 },
        { symbol: 'TLT', valueUsd: 4_000, priceUsd: 90 },
      ],
      5_000.015,
      { minTradeUsd: 100 },
    );
    expect(buys.map((order) => order.amount)).toEqual([
      { kind: 'notional', usd: '3000.00' },
      { kind: 'notional', usd: '2000.00' },
    ]);
  });

  it('drops buys that fall under the minimum after scaling and says so', () => {
    const dropped: Parameters<typeof scaleBuys>[3] = [];
    const buys = scaleBuys(
      [{ symbol: 'DBC', valueUsd: 1_000, priceUsd: 20 }],
      50,
      { minTradeUsd: 100 },
      dropped,
    );
    expect(buys).toEqual([]);
    expect(dropped[0]?.reason).toBe('below the minimum trade of $100 after scaling buys to available cash');
  });
});
