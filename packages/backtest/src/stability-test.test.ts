import { describe, expect, it } from 'vitest';
import { assessStability } from './stability-test.ts';

describe('assessStability', () => {
  it('passes when every Sharpe is above the floor and best/worst is under the ceiling', () => {
    const report = assessStability([
      { label: '2019', sharpe: 0.5 },
      { label: '2020', sharpe: 1.2 },
    ]);
    expect(report).toMatchObject({ passed: true, sharpeRatio: 2.4, worstSharpe: 0.5, bestSharpe: 1.2 });
    expect(report.verdict).toMatch(/^STABLE: .*2\.40x/);
  });

  it('fails on a ratio of 3 or more', () => {
    const report = assessStability([
      { label: '2019', sharpe: 0.3 },
      { label: '2020', sharpe: 1.2 },
    ]);
    expect(report).toMatchObject({ passed: false, everyWindowAboveFloor: true, ratioBelowCeiling: false });
  });

  it('fails and names the window under the floor', () => {
    const report = assessStability(
      [
        { label: '2008', sharpe: -0.3 },
        { label: '2009', sharpe: 1 },
      ],
      { sharpeFloor: 0, maxSharpeRatio: 3 },
    );
    expect(report.passed).toBe(false);
    expect(report.sharpeRatio).toBeNull();
    expect(report.verdict).toMatch(/^NOT STABLE: 2008 has Sharpe -0\.30/);
  });
});
