import { describe, expect, it } from 'vitest';
import { resolveBacktestSettings } from './backtest-settings.ts';
import { runGrid } from './grid-pool.ts';
import { evaluateGridTask, type GridJob, type GridTask } from './grid-task.ts';
import { expandPolicyGrid } from './policy-grid.ts';
import { createPriceTable } from './price-table.ts';

function syntheticJob(): GridJob {
  const dates: string[] = [];
  for (let ms = Date.UTC(2019, 0, 1); dates.length < 600; ms += 86_400_000) {
    const day = new Date(ms).getUTCDay();
    if (day !== 0 && day !== 6) dates.push(new Date(ms).toISOString().slice(0, 10));
  }
  const wave = (phase: number, amp: number) =>
    dates.map((_, i) => 100 * (1 + amp * Math.sin(i / 20 + phase)) * 1.0002 ** i);
  return {
    prices: createPriceTable({ dates, prices: { AAA: wave(0, 0.2), BBB: wave(2, 0.1), CCC: wave(4, 0.3) } }),
    settings: resolveBacktestSettings({ targets: { AAA: 40, BBB: 40, CCC: 20 }, feePerOrderUsd: 1 }),
    policies: expandPolicyGrid({
      absoluteBand: [0.02, 0.05],
      relativeBand: [null, 0.2],
      calendar: [null, 'monthly'],
      minDaysBetween: [0, 30],
    }),
    riskFreeRate: 0.01,
  };
}

describe('runGrid', () => {
  const job = syntheticJob();
  const tasks: GridTask[] = job.policies.flatMap((_, policyIndex) => [
    { policyIndex, start: 0, end: 300 },
    { policyIndex, start: 300, end: 600 },
  ]);
  const expected = tasks.map((task) => evaluateGridTask(job, task));

  it('returns the same scores in task order on worker threads as in this thread', async () => {
    const progress: number[] = [];
    const fallbacks: string[] = [];
    const scores = await runGrid(job, tasks, {
      workers: 2,
      onProgress: ({ done }) => progress.push(done),
      onFallback: (reason) => fallbacks.push(reason),
    });
    expect(fallbacks).toEqual([]);
    expect(scores).toEqual(expected);
    expect(progress.at(-1)).toBe(tasks.length);
    expect(new Set(scores.map((s) => s.rebalances)).size).toBeGreaterThan(1);
  });

  it('runs in this thread with one worker', async () => {
    expect(await runGrid(job, tasks, { workers: 1 })).toEqual(expected);
  });
});
