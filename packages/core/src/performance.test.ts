import { describe, expect, it } from 'vitest';
import { cagr, computePerformance, dailyReturns } from './performance.ts';

describe('computePerformance', () => {
  it('computes return, drawdown and its dates on a hand-checkable series', () => {
    const stats = computePerformance({
      dates: ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'],
      values: [100, 110, 88, 99, 121],
    });
    expect(stats.totalReturn).toBeCloseTo(0.21, 12);
    expect(stats.maxDrawdown).toBeCloseTo(0.2, 12);
    expect(stats.maxDrawdownPeakDate).toBe('2024-01-03');
    expect(stats.maxDrawdownTroughDate).toBe('2024-01-04');
    expect(stats.finalValue).toBe(121);
  });

  it('volatility and Sharpe follow the sample standard deviation of daily returns, annualised by √252', () => {
    const values = [100, 101, 100, 102, 101];
    const returns = [...dailyReturns(values)];
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1));
    const stats = computePerformance({
      dates: ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'],
      values,
    });
    expect(stats.volatility).toBeCloseTo(sd * Math.sqrt(252), 12);
    expect(stats.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(252), 10);
  });

  it('a risk-free rate lowers the Sharpe ratio', () => {
    const series = { dates: ['2024-01-02', '2024-01-03', '2024-01-04'], values: [100, 101, 103] };
    expect(computePerformance(series, 0.05).sharpe).toBeLessThan(computePerformance(series).sharpe);
  });

  it('CAGR over exactly two 365.25-day years of doubling is √2 − 1', () => {
    expect(cagr(100, 200, '2020-01-01', '2021-12-31T12:00:00Z'.slice(0, 10))).toBeCloseTo(Math.SQRT2 - 1, 2);
    expect(cagr(100, 121, '2000-01-01', '2002-01-01')).toBeCloseTo(0.1, 3);
  });

  it('finds the worst calendar year', () => {
    const stats = computePerformance({
      dates: ['2022-12-30', '2023-06-30', '2023-12-29', '2024-12-31'],
      values: [100, 90, 80, 96],
    });
    expect(stats.worstYear).toEqual({ year: 2023, return: expect.closeTo(-0.2, 12) });
  });

  it('refuses an empty or mismatched series', () => {
    expect(() => computePerformance({ dates: [], values: [] })).toThrow(RangeError);
    expect(() => computePerformance({ dates: ['2024-01-02'], values: [1, 2] })).toThrow(RangeError);
  });
});
