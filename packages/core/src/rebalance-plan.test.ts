import { describe, expect, it } from 'vitest';
import type { RebalancePolicy } from './policy.ts';
import type { PortfolioSnapshot } from './portfolio.ts';
import { PRESETS } from './presets.ts';
import { DEFAULT_PLAN_OPTIONS, type PlanOptions, planRebalance } from './rebalance-plan.ts';

const targets = PRESETS['dalio-lite'].targets;
const exact: PlanOptions = { ...DEFAULT_PLAN_OPTIONS, cashReservePct: 0 };
const pricesUsd = { VTI: 100, TLT: 100, GLD: 100, DBC: 100 };

function holdings(values: Record<string, number>, priceUsd = 100): PortfolioSnapshot['holdings'] {
  return Object.entries(values).map(([symbol, valueUsd]) => ({ symbol, qty: valueUsd / priceUsd, priceUsd }));
}

describe('planRebalance', () => {
  it('sells overweight symbols first, then buys, sizing to target value = equity × weight', () => {
    const plan = planRebalance({
      snapshot: { cashUsd: 0, holdings: holdings({ VTI: 50_000, TLT: 20_000, GLD: 20_000, DBC: 10_000 }) },
      targets,
      options: exact,
    });
    expect(plan.sells).toEqual([
      {
        symbol: 'VTI',
        side: 'sell',
        amount: { kind: 'qty', shares: '100' },
        estimatedValueUsd: 10_000,
        estimatedQty: 100,
        priceUsd: 100,
        wantUsd: 10_000,
      },
    ]);
    expect(plan.buys).toEqual([
      {
        symbol: 'TLT',
        side: 'buy',
        amount: { kind: 'notional', usd: '10000.00' },
        estimatedValueUsd: 10_000,
        estimatedQty: 100,
        priceUsd: 100,
        wantUsd: 10_000,
      },
    ]);
    expect(plan.turnoverUsd).toBe(20_000);
  });

  it('drops a $99 order and keeps a $100 order (the original minimum trade)', () => {
    // Equity 100 000: GLD 99 below target, DBC 100 below target, VTI 199 above.
    const plan = planRebalance({
      snapshot: {
        cashUsd: 0,
        holdings: holdings({ VTI: 40_199, TLT: 30_000, GLD: 19_901, DBC: 9_900 }),
      },
      targets,
      options: exact,
    });
    expect(plan.buys.map((order) => [order.symbol, order.amount])).toEqual([
      ['DBC', { kind: 'notional', usd: '100.00' }],
    ]);
    expect(plan.dropped).toEqual([
      {
        symbol: 'GLD',
        side: 'buy',
        valueUsd: expect.closeTo(99, 6),
        reason: 'below the minimum trade of $100',
      },
    ]);
  });

  it('keeps the cash reserve out of the market', () => {
    const plan = planRebalance({
      snapshot: { cashUsd: 10_000, holdings: [], pricesUsd },
      targets,
      options: { ...exact, cashReserveUsd: 500 },
    });
    expect(plan.reserveUsd).toBe(500);
    expect(plan.investableUsd).toBe(9_500);
    expect(plan.buys.reduce((total, order) => total + order.estimatedValueUsd, 0)).toBeCloseTo(9_500, 6);
    expect(plan.buys[0]).toMatchObject({ symbol: 'VTI', amount: { kind: 'notional', usd: '3800.00' } });
  });

  it('ignores non-target holdings by default and leaves their value out of the targets', () => {
    const plan = planRebalance({
      snapshot: { cashUsd: 10_000, holdings: holdings({ AAPL: 5_000 }), pricesUsd },
      targets,
      options: exact,
    });
    expect(plan.sells).toEqual([]);
    expect(plan.investableUsd).toBe(10_000);
    expect(plan.buys.reduce((total, order) => total + order.estimatedValueUsd, 0)).toBeCloseTo(10_000, 6);
  });

  it('liquidates non-target holdings when configured, selling the exact quantity held', () => {
    const plan = planRebalance({
      snapshot: { cashUsd: 0, holdings: [{ symbol: 'AAPL', qty: 3.123456789, priceUsd: 200 }], pricesUsd },
      targets,
      options: { ...exact, nonTargetHoldings: 'liquidate', minTradeUsd: 1 },
    });
    expect(plan.sells).toEqual([
      expect.objectContaining({ symbol: 'AAPL', amount: { kind: 'qty', shares: '3.123456789' } }),
    ]);
    expect(plan.buys.map((order) => order.symbol)).toEqual(['VTI', 'TLT', 'GLD', 'DBC']);
  });

  it('trades only back to the band edge when asked', () => {
    const policy: RebalancePolicy = {
      absoluteBand: 0.05,
      relativeBand: null,
      calendar: null,
      minDaysBetween: 0,
    };
    const plan = planRebalance({
      snapshot: { cashUsd: 0, holdings: holdings({ VTI: 50_000, TLT: 20_000, GLD: 20_000, DBC: 10_000 }) },
      targets,
      options: { ...exact, tradeTo: 'band-edge' },
      policy,
    });
    // VTI 50 % → just inside 45 %; TLT 20 % → just inside 25 %; GLD and DBC are on target and untouched.
    expect(plan.sells.map((order) => order.symbol)).toEqual(['VTI']);
    expect(plan.sells[0]?.estimatedValueUsd).toBeCloseTo(5_100, 6);
    expect(plan.buys.map((order) => order.symbol)).toEqual(['TLT']);
    expect(plan.buys[0]?.estimatedValueUsd).toBeCloseTo(5_100, 6);
  });

  it('trades whole shares for whole-share symbols and never rounds up', () => {
    const plan = planRebalance({
      snapshot: { cashUsd: 1_000, holdings: [], pricesUsd: { VTI: 300 } },
      targets: { VTI: 1 },
      options: { ...exact, wholeShareSymbols: new Set(['VTI']) },
    });
    expect(plan.buys).toEqual([
      expect.objectContaining({ amount: { kind: 'qty', shares: '3' }, estimatedValueUsd: 3 * 300 }),
    ]);
  });

  it('refuses to plan without a price for a symbol it must buy', () => {
    expect(() =>
      planRebalance({ snapshot: { cashUsd: 1_000, holdings: [] }, targets, options: exact }),
    ).toThrow(/no price for DBC/);
  });
});
