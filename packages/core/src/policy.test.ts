import { describe, expect, it } from 'vitest';
import { computeDrift } from './drift.ts';
import { decideRebalance, type RebalancePolicy } from './policy.ts';
import type { PortfolioSnapshot } from './portfolio.ts';
import { PRESETS } from './presets.ts';

const targets = PRESETS['dalio-lite'].targets;
/** The original system: a 10-point absolute band, 30 days apart. */
const original: RebalancePolicy = {
  absoluteBand: 0.1,
  relativeBand: null,
  calendar: null,
  minDaysBetween: 30,
};

/** Default allocation on $100 000 with VTI moved by `vtiPoints` points, taken from TLT. */
function driftedBy(vtiPoints: number): PortfolioSnapshot {
  const shift = vtiPoints * 1000;
  return {
    cashUsd: 0,
    holdings: [
      { symbol: 'VTI', qty: (40_000 + shift) / 100, priceUsd: 100 },
      { symbol: 'TLT', qty: (30_000 - shift) / 100, priceUsd: 100 },
      { symbol: 'GLD', qty: 200, priceUsd: 100 },
      { symbol: 'DBC', qty: 100, priceUsd: 100 },
    ],
  };
}

function decide(
  snapshot: PortfolioSnapshot,
  policy: RebalancePolicy,
  last: string | null = null,
  today = '2025-06-02',
) {
  return decideRebalance({ drift: computeDrift(snapshot, targets), policy, today, lastRebalanceDay: last });
}

describe('decideRebalance with the original numbers', () => {
  it('a drift of exactly 10 points holds; just above 10 points trades, naming the symbols', () => {
    expect(decide(driftedBy(10), original)).toMatchObject({ kind: 'hold', code: 'within-band' });
    const trade = decide(driftedBy(10.01), original);
    expect(trade).toMatchObject({ kind: 'trade', trigger: 'band' });
    expect(trade.reason).toContain('VTI +10.0 pts');
    expect(trade.reason).toContain('TLT −10.0 pts');
  });

  it('29 days since the last rebalance blocks even a large drift; 30 days allows it', () => {
    const blocked = decide(driftedBy(20), original, '2025-05-04', '2025-06-02');
    expect(blocked).toEqual({
      kind: 'hold',
      code: 'min-days',
      reason: 'Only 29 days since the last rebalance on 2025-05-04 (minimum 30)',
    });
    expect(decide(driftedBy(20), original, '2025-05-03', '2025-06-02').kind).toBe('trade');
  });
});

describe('decideRebalance bands', () => {
  const fiveTwentyFive: RebalancePolicy = {
    absoluteBand: 0.05,
    relativeBand: 0.25,
    calendar: null,
    minDaysBetween: 0,
  };

  it('the relative band catches a small asset that the absolute band misses (5/25)', () => {
    // DBC at 7 % instead of 10 %: 3 points absolute (inside 5), 30 % relative (outside 25).
    const snapshot: PortfolioSnapshot = {
      cashUsd: 0,
      holdings: [
        { symbol: 'VTI', qty: 430, priceUsd: 100 },
        { symbol: 'TLT', qty: 300, priceUsd: 100 },
        { symbol: 'GLD', qty: 200, priceUsd: 100 },
        { symbol: 'DBC', qty: 70, priceUsd: 100 },
      ],
    };
    const decision = decide(snapshot, fiveTwentyFive);
    expect(decision).toMatchObject({ kind: 'trade', breaches: [{ symbol: 'DBC', band: 'relative' }] });
    expect(decide(snapshot, { ...fiveTwentyFive, relativeBand: null }).kind).toBe('hold');
  });

  it('an absolute-only band ignores the same relative move', () => {
    expect(decide(driftedBy(4.9), { ...fiveTwentyFive, relativeBand: null }).kind).toBe('hold');
    expect(decide(driftedBy(5.1), { ...fiveTwentyFive, relativeBand: null }).kind).toBe('trade');
  });
});

describe('decideRebalance calendar and force', () => {
  const monthly: RebalancePolicy = {
    absoluteBand: null,
    relativeBand: null,
    calendar: 'monthly',
    minDaysBetween: 0,
  };

  it('trades once in a new month and holds within the same month', () => {
    expect(decide(driftedBy(1), monthly, '2025-05-30', '2025-06-02')).toMatchObject({
      kind: 'trade',
      trigger: 'calendar',
    });
    expect(decide(driftedBy(1), monthly, '2025-06-02', '2025-06-20')).toMatchObject({
      kind: 'hold',
      code: 'calendar-not-due',
    });
    expect(decide(driftedBy(1), { ...monthly, calendar: 'quarterly' }, '2025-04-01', '2025-06-30').kind).toBe(
      'hold',
    );
    expect(decide(driftedBy(1), { ...monthly, calendar: 'yearly' }, '2024-12-31', '2025-01-02').kind).toBe(
      'trade',
    );
  });

  it('force trades inside the band and inside the minimum days', () => {
    const decision = decideRebalance({
      drift: computeDrift(driftedBy(0), targets),
      policy: original,
      today: '2025-06-02',
      lastRebalanceDay: '2025-06-01',
      force: true,
    });
    expect(decision).toMatchObject({ kind: 'trade', trigger: 'force' });
  });

  it('holds with a clear reason when the account has no equity', () => {
    expect(decide({ cashUsd: 0, holdings: [] }, original)).toMatchObject({ kind: 'hold', code: 'no-equity' });
  });
});
