import { describe, expect, it } from 'vitest';
import { resolveBacktestSettings } from './backtest-settings.ts';
import { createPriceTable } from './price-table.ts';
import { replayBacktest } from './replay.ts';

const noFrictions = {
  plan: { minTradeUsd: 100, cashReserveUsd: 0, cashReservePct: 0 },
  policy: { absoluteBand: 0.05, relativeBand: null, calendar: null, minDaysBetween: 0 },
};

describe('replayBacktest, hand-checked', () => {
  it('invests, holds inside the band, rebalances outside it, and ends at the hand-computed value', () => {
    const prices = createPriceTable({
      dates: ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'],
      prices: { A: [100, 110, 125, 125, 120], B: [50, 50, 50, 40, 45] },
    });
    const settings = resolveBacktestSettings({
      targets: { A: 50, B: 50 },
      startCashUsd: 10_000,
      ...noFrictions,
    });
    const result = replayBacktest(prices, settings);

    // Day 1: $5000 into each: 50 A, 100 B. Day 2: A is 5500/10500 = 52.4 % (drift 2.4 pts) → hold.
    // Day 3: A 6250/11250 = 55.6 % → sell 625/125 = 5 A, buy $625 of B = 12.5 B → 45 A, 112.5 B.
    // Day 4: A 5625/10125 = 55.6 % → sell 562.5/125 = 4.5 A, buy $562.50 of B = 14.0625 B → 40.5 A, 126.5625 B.
    // Day 5: B 126.5625 × 45 = 5695.3125 of 10555.3125 = 54.0 % → hold. Final 40.5 × 120 + 5695.3125 = 10555.3125.
    expect(result.rebalances.map((r) => r.date)).toEqual(['2024-01-02', '2024-01-04', '2024-01-05']);
    expect(result.rebalances.map((r) => r.fills.map((f) => [f.symbol, f.side, f.qty]))).toEqual([
      [
        ['A', 'buy', 50],
        ['B', 'buy', 100],
      ],
      [
        ['A', 'sell', 5],
        ['B', 'buy', 12.5],
      ],
      [
        ['A', 'sell', 4.5],
        ['B', 'buy', 14.0625],
      ],
    ]);
    expect(result.rebalances[1]?.orders.map((o) => o.amount)).toEqual([
      { kind: 'qty', shares: '5' },
      { kind: 'notional', usd: '625.00' },
    ]);
    expect(Array.from(result.equityUsd)).toEqual([10_000, 10_500, 11_250, 10_125, 10_555.3125]);
    expect(result.finalQty).toEqual({ A: 40.5, B: 126.5625 });
    expect(result.finalCashUsd).toBeCloseTo(0, 9);
    expect(result.rebalances.map((r) => r.tradedUsd)).toEqual([10_000, 1250, 1125]);
  });

  it('charges the per-order fee and slippage on both sides and re-sizes buys to the cash left', () => {
    const prices = createPriceTable({ dates: ['2024-01-02'], prices: { A: [100], B: [50] } });
    const settings = resolveBacktestSettings({
      targets: { A: 50, B: 50 },
      ...noFrictions,
      feePerOrderUsd: 1,
      slippageBps: 10,
    });
    // 60 A + 80 B = $10,000 at 60 % / 40 %. Sell 10 A at 99.90 = 999, less $1 fee → cash 998.
    // The $1000 buy of B is re-sized to 998 − $1 fee = $997 at 50.05 = 19.920079920 B.
    const result = replayBacktest(prices, settings, { startQty: { A: 60, B: 80 }, startCashUsd: 0 });
    const boughtB = 997 / 50.05;
    expect(result.rebalances).toHaveLength(1);
    const [sell, buy] = result.rebalances[0]?.fills ?? [];
    expect(sell).toMatchObject({ symbol: 'A', side: 'sell', qty: 10, feeUsd: 1 });
    expect(sell?.priceUsd).toBeCloseTo(99.9, 12);
    expect(buy).toMatchObject({ symbol: 'B', side: 'buy', feeUsd: 1 });
    expect(buy?.qty).toBeCloseTo(boughtB, 12);
    expect(result.finalCashUsd).toBeCloseTo(0, 9);
    expect(result.equityUsd[0]).toBeCloseTo(50 * 100 + (80 + boughtB) * 50, 9);
    // Costs: two $1 fees + 10 × $0.10 sell slippage + boughtB × $0.05 buy slippage = 10,000 − final equity.
    expect(result.rebalances[0]?.costsUsd).toBeCloseTo(2 + 1 + boughtB * 0.05, 9);
    expect(10_000 - (result.equityUsd[0] as number)).toBeCloseTo(result.rebalances[0]?.costsUsd ?? 0, 9);
  });

  it('buys whole shares only, then spends what the floors left on a further share that fits', () => {
    const prices = createPriceTable({ dates: ['2024-01-02'], prices: { A: [30], B: [70] } });
    const settings = resolveBacktestSettings({
      targets: { A: 50, B: 50 },
      ...noFrictions,
      wholeShares: true,
    });
    const result = replayBacktest(prices, settings, { startCashUsd: 10_000 });
    // floor(5000 / 30) = 166 A for $4980, floor(5000 / 70) = 71 B for $4970, $50 left. B is furthest
    // below target ($30) but a share ($70) does not fit; one more A ($30) does, leaving $20.
    expect(result.finalQty).toEqual({ A: 167, B: 71 });
    expect(result.finalCashUsd).toBeCloseTo(20, 9);
    expect(result.equityUsd[0]).toBeCloseTo(10_000, 9);
  });

  it('with next-close execution fills the first day’s orders at the second day’s close', () => {
    const prices = createPriceTable({
      dates: ['2024-01-02', '2024-01-03', '2024-01-04'],
      prices: { A: [100, 110, 110], B: [50, 40, 40] },
    });
    const settings = resolveBacktestSettings({
      targets: { A: 50, B: 50 },
      startCashUsd: 10_000,
      ...noFrictions,
      policy: { ...noFrictions.policy, minDaysBetween: 30 },
      execution: 'next-close',
    });
    const result = replayBacktest(prices, settings);
    // Decided on day 1 ($5000 each), filled on day 2: 5000/110 A and 5000/40 = 125 B.
    expect(result.rebalances).toMatchObject([{ date: '2024-01-02', fillDate: '2024-01-03' }]);
    expect(result.finalQty.A).toBeCloseTo(5000 / 110, 12);
    expect(result.finalQty.B).toBe(125);
    expect(Array.from(result.equityUsd)).toEqual([10_000, 10_000, 10_000]);
  });
});
