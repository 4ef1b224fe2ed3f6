import { PRESETS } from '@dalio-lite/core';
import { describe, expect, it } from 'vitest';
import { resolveBacktestSettings } from './backtest-settings.ts';
import { evaluateGridTask } from './grid-task.ts';
import { loadBacktestPrices } from './load-backtest-prices.ts';
import { expandPolicyGrid, objectiveScore } from './policy-grid.ts';
import { runWalkForward } from './walk-forward.ts';
import { splitWalkForwardWindows } from './walk-forward-windows.ts';

describe('splitWalkForwardWindows', () => {
  it('rolls fixed in-sample windows and tiles out-of-sample windows without overlap', () => {
    expect(splitWalkForwardWindows(100, { inSampleDays: 40, outOfSampleDays: 20, anchored: false })).toEqual([
      { index: 0, inSample: { start: 0, end: 40 }, outOfSample: { start: 40, end: 60 } },
      { index: 1, inSample: { start: 20, end: 60 }, outOfSample: { start: 60, end: 80 } },
      { index: 2, inSample: { start: 40, end: 80 }, outOfSample: { start: 80, end: 100 } },
    ]);
  });

  it('anchors in-sample windows at the first day', () => {
    const windows = splitWalkForwardWindows(99, { inSampleDays: 40, outOfSampleDays: 20, anchored: true });
    expect(windows.map((w) => [w.inSample.start, w.inSample.end, w.outOfSample.end])).toEqual([
      [0, 40, 60],
      [0, 60, 80],
    ]);
  });

  it('explains when the data is too short', () => {
    expect(() =>
      splitWalkForwardWindows(70, { inSampleDays: 40, outOfSampleDays: 20, anchored: false }),
    ).toThrow(/needs at least 2 windows of 40 \+ 20 days but the prices have 70 days/);
  });
});

describe('runWalkForward on the shipped history', async () => {
  const prices = await loadBacktestPrices({
    symbols: [...Object.keys(PRESETS['dalio-lite'].targets), 'SPY', 'AGG'],
  });
  const settings = resolveBacktestSettings({
    targets: PRESETS['dalio-lite'].targets,
    feePerOrderUsd: 1,
    slippageBps: 5,
  });
  const grid = {
    absoluteBand: [0.03, 0.1],
    relativeBand: [null],
    calendar: [null, 'yearly' as const],
    minDaysBetween: [30],
  };
  const result = await runWalkForward({
    prices,
    settings,
    grid,
    windows: { inSampleDays: 504, outOfSampleDays: 504 },
    benchmarks: ['SPY', '60/40'],
    workers: 1,
  });

  it('has out-of-sample windows that never overlap and follow their in-sample windows', () => {
    expect(result.windows.length).toBeGreaterThanOrEqual(5);
    for (const [i, window] of result.windows.entries()) {
      expect(window.inSample.endDate < window.outOfSample.startDate).toBe(true);
      const previous = result.windows[i - 1];
      if (previous) expect(previous.outOfSample.endDate < window.outOfSample.startDate).toBe(true);
    }
    const allDates = result.stitched.dates;
    expect(new Set(allDates).size).toBe(allDates.length);
    expect(result.windows.reduce((days, w) => days + w.outOfSample.days, 0)).toBe(allDates.length);
  });

  it('chooses, in each window, the grid policy with the best in-sample Sharpe', () => {
    const policies = expandPolicyGrid(grid);
    const window = result.windows[2];
    const start = prices.dates.indexOf(window?.inSample.startDate ?? '');
    const end = prices.dates.indexOf(window?.inSample.endDate ?? '') + 1;
    const scores = policies.map((_, policyIndex) =>
      objectiveScore(
        evaluateGridTask({ prices, settings, policies, riskFreeRate: 0 }, { policyIndex, start, end }),
        'sharpe',
      ),
    );
    expect(window?.policy).toEqual(policies[scores.indexOf(Math.max(...scores))]);
  });

  it('chains the windows into one account and reports stability with a verdict', () => {
    expect(result.stitched.startDate).toBe(result.windows[0]?.outOfSample.startDate);
    expect(result.stitched.finalValue).toBeGreaterThan(0);
    // Carried holdings mean only the first window invests from cash.
    expect(result.stitched.rebalanceLog.filter((r) => r.initial)).toHaveLength(1);
    const sharpes = result.windows.map((w) => w.outOfSample.stats.sharpe);
    expect(result.stability.worstSharpe).toBe(Math.min(...sharpes));
    expect(result.stability.verdict).toMatch(/^(NOT )?STABLE: /);
    expect(result.stability.passed).toBe(
      Math.min(...sharpes) > 0 && Math.max(...sharpes) / Math.min(...sharpes) < 3,
    );
    expect(result.benchmarks['60/40']?.startDate).toBe(result.stitched.startDate);
    expect(result.parameterStability.windows).toBe(result.windows.length);
  });
});
