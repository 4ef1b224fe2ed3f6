import { describe, expect, it } from 'vitest';
import { type BuyLeg, buyLeg, fitBuys } from './order-sizing.ts';

const minimum = { minTradeUsd: 100 };
const shares = (legs: ReturnType<typeof fitBuys>) =>
  Object.fromEntries(legs.buys.map((order) => [order.symbol, order.amount]));

describe('fitBuys', () => {
  it('keeps a leg planned in shares when the cash pays for it: 99 at $100.005 stay 99', () => {
    const leg: BuyLeg = {
      symbol: 'VTI',
      amount: { kind: 'qty', shares: '99' },
      priceUsd: 100.005,
      wantUsd: 9_950,
    };
    expect(shares(fitBuys([leg], 9_901, minimum))).toEqual({ VTI: { kind: 'qty', shares: '99' } });
  });

  it('keeps 40 shares after a one-cent uptick from $250.00, and a one-share leg below the minimum stays one share', () => {
    const legs: BuyLeg[] = [
      { symbol: 'TLT', amount: { kind: 'qty', shares: '40' }, priceUsd: 250.01, wantUsd: 10_049 },
      { symbol: 'DBC', amount: { kind: 'qty', shares: '1' }, priceUsd: 99.99, wantUsd: 120 },
    ];
    expect(shares(fitBuys(legs, 10_200, minimum))).toEqual({
      TLT: { kind: 'qty', shares: '40' },
      DBC: { kind: 'qty', shares: '1' },
    });
  });

  it('scales every leg by one factor when the cash is short, rounding down, and drops what falls under the minimum', () => {
    const legs: BuyLeg[] = [
      { symbol: 'VTI', amount: { kind: 'notional', usd: '6000.00' }, priceUsd: 300, wantUsd: 6_000 },
      { symbol: 'TLT', amount: { kind: 'notional', usd: '4000.00' }, priceUsd: 90, wantUsd: 4_000 },
      { symbol: 'DBC', amount: { kind: 'notional', usd: '150.00' }, priceUsd: 20, wantUsd: 150 },
    ];
    const fitted = fitBuys(legs, 5_075.015, minimum);
    expect(shares(fitted)).toEqual({
      VTI: { kind: 'notional', usd: '3000.00' },
      TLT: { kind: 'notional', usd: '2000.00' },
    });
    expect(fitted.dropped).toEqual([
      {
        symbol: 'DBC',
        side: 'buy',
        valueUsd: 150,
        reason: 'below the minimum trade of $100 after scaling buys to available cash',
      },
    ]);
  });

  it('spends cash left by the floors on further whole shares of the legs furthest below target, while one fits', () => {
    const legs = [
      buyLeg('VTI', 3_980, 301.2, true), // 13 shares, $64.4 short
      buyLeg('TLT', 2_985, 88.9, true), // 33 shares, $51.3 short
      buyLeg('GLD', 1_990, 187.6, true), // 10 shares, $114 short
    ];
    const fitted = fitBuys(legs, 8_875.3, minimum);
    // 13 × 301.2 + 33 × 88.9 + 10 × 187.6 = 8 725.3, so $150 is left: GLD is furthest behind but a share
    // ($187.6) does not fit, VTI's does not either; one TLT does, and then nothing more.
    expect(shares(fitted)).toEqual({
      VTI: { kind: 'qty', shares: '13' },
      TLT: { kind: 'qty', shares: '34' },
      GLD: { kind: 'qty', shares: '10' },
    });
    expect(fitted.leftoverUsd).toBeCloseTo(61.1, 6);
  });

  it('never buys a share of a leg already at its target, and never spends more than the cash', () => {
    const legs = [buyLeg('VTI', 1_000, 100, true), buyLeg('TLT', 550, 50, true)];
    const fitted = fitBuys(legs, 5_000, minimum);
    expect(shares(fitted)).toEqual({
      VTI: { kind: 'qty', shares: '10' },
      TLT: { kind: 'qty', shares: '11' },
    });
    expect(fitted.leftoverUsd).toBe(3_450);
  });

  it('after scaling, the floors are repaired share by share toward the furthest-behind legs', () => {
    const legs = [buyLeg('VTI', 1_000, 100, true), buyLeg('TLT', 1_000, 100, true)];
    // 20 shares wanted, cash for 19.5: scaled to 9 + 9, then one more share of the leg furthest behind.
    const fitted = fitBuys(legs, 1_950, minimum);
    expect(fitted.buys.map((order) => order.estimatedQty).reduce((a, b) => a + b)).toBe(19);
    expect(fitted.leftoverUsd).toBe(50);
  });

  it('a cash shortfall of one cent costs one share of one leg, not a share of every leg', () => {
    const legs: BuyLeg[] = [
      { symbol: 'VTI', amount: { kind: 'qty', shares: '13' }, priceUsd: 300, wantUsd: 3_950 },
      { symbol: 'TLT', amount: { kind: 'qty', shares: '33' }, priceUsd: 90, wantUsd: 2_980 },
      { symbol: 'DBC', amount: { kind: 'qty', shares: '1' }, priceUsd: 150, wantUsd: 160 },
    ];
    const fitted = fitBuys(legs, 3_900 + 2_970 + 150 - 0.01, minimum);
    const qty = Object.fromEntries(fitted.buys.map((order) => [order.symbol, order.estimatedQty]));
    expect(qty).toEqual({ VTI: 13, TLT: 32, DBC: 1 });
    expect(fitted.dropped).toEqual([]);
  });
});
