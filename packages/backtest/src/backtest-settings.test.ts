import { computeDrift, decideRebalance, type PortfolioSnapshot } from '@dalio-lite/core';
import { describe, expect, it } from 'vitest';
import { BacktestInputError } from './backtest-input-error.ts';
import { type BacktestSettingsInput, resolveBacktestSettings } from './backtest-settings.ts';
import { createPriceTable } from './price-table.ts';
import { replayBacktest } from './replay.ts';

const targets = { A: 50, B: 50 };

/** The BacktestInputError that resolving `input` throws; fails the test when nothing is thrown. */
function errorOf(input: Omit<BacktestSettingsInput, 'targets'>): BacktestInputError {
  try {
    resolveBacktestSettings({ targets, ...input });
  } catch (error) {
    if (error instanceof BacktestInputError) return error;
    throw error;
  }
  throw new Error(`expected a BacktestInputError for ${JSON.stringify(input)}`);
}

/** $10 000 split between A and B at $100 each, with A moved up by `driftUsd` taken from B. */
function snapshot(driftUsd: number): PortfolioSnapshot {
  return {
    cashUsd: 0,
    holdings: [
      { symbol: 'A', qty: (5000 + driftUsd) / 100, priceUsd: 100 },
      { symbol: 'B', qty: (5000 - driftUsd) / 100, priceUsd: 100 },
    ],
  };
}

describe('resolveBacktestSettings: band 0 means "trade on any drift"', () => {
  it('accepts 0 for both bands', () => {
    const { policy } = resolveBacktestSettings({ targets, policy: { absoluteBand: 0, relativeBand: 0 } });
    expect(policy).toMatchObject({ absoluteBand: 0, relativeBand: 0 });
  });

  it.each([
    ['absolute', { absoluteBand: 0, relativeBand: null }],
    ['relative', { absoluteBand: null, relativeBand: 0 }],
  ])('a %s band of 0 trades on a drift of 0.01 points and holds on exactly zero drift', (_name, bands) => {
    const { policy } = resolveBacktestSettings({ targets, policy: { ...bands, minDaysBetween: 0 } });
    const decide = (driftUsd: number) =>
      decideRebalance({
        drift: computeDrift(snapshot(driftUsd), { A: 0.5, B: 0.5 }),
        policy,
        today: '2024-01-03',
        lastRebalanceDay: '2024-01-02',
      });
    expect(decide(1)).toMatchObject({ kind: 'trade', trigger: 'band' });
    expect(decide(0)).toMatchObject({ kind: 'hold', code: 'within-band' });
  });

  it('a backtest with band 0 rebalances on a quarter-point drift and not while prices stand still', () => {
    const prices = createPriceTable({
      dates: ['2024-01-02', '2024-01-03', '2024-01-04'],
      prices: { A: [100, 101, 101], B: [50, 50, 50] },
    });
    const settings = resolveBacktestSettings({
      targets,
      startCashUsd: 10_000,
      policy: { absoluteBand: 0, relativeBand: null, minDaysBetween: 0 },
      // Rounding leaves a cent of drift after a rebalance; band 0 sees it, the minimum trade drops it.
      plan: { minTradeUsd: 1, cashReservePct: 0 },
    });
    const result = replayBacktest(prices, settings);
    // A at 101 is 50.25 % of the account: a quarter of a point, far inside any usual band.
    expect(result.rebalances.map((r) => r.date)).toEqual(['2024-01-02', '2024-01-03']);
  });
});

describe('resolveBacktestSettings errors name the field in the API units (fractions, USD, days)', () => {
  it.each<[string, Omit<BacktestSettingsInput, 'targets'>, string]>([
    [
      'a band given in points',
      { policy: { absoluteBand: 1.5 } },
      'policy.absoluteBand is 1.5, must be a fraction between 0 and 1 (0.05 = 5 points, 0 = any drift, null = no band)',
    ],
    [
      'a negative band',
      { policy: { absoluteBand: -0.01 } },
      'policy.absoluteBand is -0.01, must be a fraction between 0 and 1 (0.05 = 5 points, 0 = any drift, null = no band)',
    ],
    [
      'a negative relative band',
      { policy: { relativeBand: -0.25 } },
      'policy.relativeBand is -0.25, must be a fraction ≥ 0 (0.25 = 25 % of the target, 0 = any drift, null = no band)',
    ],
    [
      'a reserve given in percent',
      { plan: { cashReservePct: 5 } },
      'plan.cashReservePct is 5, must be a fraction between 0 and 1 (0.005 = 0.5 % of equity)',
    ],
    [
      'no start cash',
      { startCashUsd: 0 },
      'startCashUsd is 0, must be an amount in USD above 0 (e.g. 100000)',
    ],
    [
      'slippage over 10 %',
      { slippageBps: 2000 },
      'slippageBps is 2000, must be a number of basis points between 0 and 1000 (5 = 0.05 %)',
    ],
    [
      'negative minimum days',
      { policy: { minDaysBetween: -1 } },
      'policy.minDaysBetween is -1, must be a number of days ≥ 0 (e.g. 30)',
    ],
  ])('%s', (_name, input, message) => {
    const error = errorOf(input);
    expect(error.message).toBe(message);
    expect(error.field).toBe(message.split(' ')[0]);
  });

  it('quotes a string a script passed where a number goes', () => {
    const band = '0.05' as unknown as number;
    expect(errorOf({ policy: { absoluteBand: band } }).message).toMatch(/^policy\.absoluteBand is "0\.05", /);
  });

  it('accepts null as "no band"', () => {
    const { policy } = resolveBacktestSettings({
      targets,
      policy: { absoluteBand: null, relativeBand: 0.25 },
    });
    expect(policy).toMatchObject({ absoluteBand: null, relativeBand: 0.25 });
  });
});
