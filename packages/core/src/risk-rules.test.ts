import { describe, expect, it } from 'vitest';
import {
  type BreakerState,
  checkBreakers,
  checkOrderRisk,
  DEFAULT_RISK_LIMITS,
  type OrderRiskInput,
} from './risk-rules.ts';

const clear: BreakerState = { dailyLoss: null, drawdown: null };
const now = '2025-06-02T14:00:00.000Z';

describe('checkBreakers', () => {
  it('trips the daily-loss breaker at exactly −5 % (inclusive) and not at −4.99 %', () => {
    const tripped = checkBreakers({
      equityUsd: 95_000,
      lastEquityUsd: 100_000,
      highWaterMarkUsd: 100_000,
      breakers: clear,
      now,
    });
    expect(tripped.newlyTripped).toEqual(['dailyLoss']);
    expect(tripped.decision).toEqual({
      kind: 'block',
      reasons: [expect.stringContaining('Daily loss 5.0 %')],
    });
    const fine = checkBreakers({
      equityUsd: 95_010,
      lastEquityUsd: 100_000,
      highWaterMarkUsd: 100_000,
      breakers: clear,
      now,
    });
    expect(fine.decision).toEqual({ kind: 'allow' });
  });

  it('pauses at a 30 % drawdown from the high-water mark and raises the mark on new highs', () => {
    const paused = checkBreakers({
      equityUsd: 70_000,
      lastEquityUsd: 71_000,
      highWaterMarkUsd: 100_000,
      breakers: clear,
      now,
    });
    expect(paused.newlyTripped).toEqual(['drawdown']);
    expect(paused.decision.kind).toBe('block');
    const higher = checkBreakers({
      equityUsd: 120_000,
      lastEquityUsd: 119_000,
      highWaterMarkUsd: 100_000,
      breakers: clear,
      now,
    });
    expect(higher.highWaterMarkUsd).toBe(120_000);
  });

  it('a tripped breaker stays tripped after the market recovers, until the caller clears it', () => {
    const first = checkBreakers({
      equityUsd: 90_000,
      lastEquityUsd: 100_000,
      highWaterMarkUsd: 100_000,
      breakers: clear,
      now,
    });
    const later = checkBreakers({
      equityUsd: 101_000,
      lastEquityUsd: 100_000,
      highWaterMarkUsd: first.highWaterMarkUsd,
      breakers: first.breakers,
      now: '2025-06-03T14:00:00.000Z',
    });
    expect(later.newlyTripped).toEqual([]);
    expect(later.breakers.dailyLoss?.trippedAt).toBe(now);
    expect(later.decision).toEqual({ kind: 'block', reasons: [expect.stringContaining('dalio resume')] });
  });

  it('skips the daily-loss check without a previous close', () => {
    expect(
      checkBreakers({ equityUsd: 1, lastEquityUsd: 0, highWaterMarkUsd: 1, breakers: clear, now }).decision
        .kind,
    ).toBe('allow');
  });
});

describe('checkOrderRisk', () => {
  const rebalance: OrderRiskInput = {
    orders: [
      { symbol: 'VTI', side: 'sell', estimatedValueUsd: 3_000 },
      { symbol: 'TLT', side: 'buy', estimatedValueUsd: 3_000 },
    ],
    managedValuesUsd: { VTI: 12_000, TLT: 3_000, GLD: 5_000 },
    managedEquityUsd: 20_000,
  };

  it('allows a rebalance inside every limit', () => {
    expect(
      checkOrderRisk(rebalance, { ...DEFAULT_RISK_LIMITS, maxOrderUsd: 5_000, maxTurnover: 0.5 }),
    ).toEqual({ kind: 'allow' });
  });

  it('blocks an order above the maximum notional, naming it', () => {
    expect(checkOrderRisk(rebalance, { ...DEFAULT_RISK_LIMITS, maxOrderUsd: 2_500 })).toEqual({
      kind: 'block',
      reasons: [
        'sell VTI $3000.00 exceeds the maximum order of $2500.00',
        'buy TLT $3000.00 exceeds the maximum order of $2500.00',
      ],
    });
  });

  it('blocks turnover above the limit', () => {
    expect(checkOrderRisk(rebalance, { ...DEFAULT_RISK_LIMITS, maxTurnover: 0.25 })).toEqual({
      kind: 'block',
      reasons: ['Turnover 30.0 % of the managed equity exceeds the maximum of 25.0 %'],
    });
  });

  it('blocks a post-trade weight above the maximum and investment above the capital cap', () => {
    const decision = checkOrderRisk(rebalance, {
      ...DEFAULT_RISK_LIMITS,
      maxWeight: 0.4,
      capitalCapUsd: 10_000,
    });
    expect(decision).toEqual({
      kind: 'block',
      reasons: [
        'VTI would be 45.0 % of the managed equity, above the maximum weight of 40.0 %',
        'Invested $20000.00 would exceed the capital cap of $10000.00',
      ],
    });
  });
});
