import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { resolveBacktestSettings } from './backtest-settings.ts';
import { createGridPool, runGrid } from './grid-pool.ts';
import { evaluateGridTask, type GridJob, type GridTask } from './grid-task.ts';
import { expandPolicyGrid } from './policy-grid.ts';
import { createPriceTable } from './price-table.ts';

function syntheticJob(drift = 1.0002): GridJob {
  const dates: string[] = [];
  for (let ms = Date.UTC(2019, 0, 1); dates.length < 600; ms += 86_400_000) {
    const day = new Date(ms).getUTCDay();
    if (day !== 0 && day !== 6) dates.push(new Date(ms).toISOString().slice(0, 10));
  }
  const wave = (phase: number, amp: number) =>
    dates.map((_, i) => 100 * (1 + amp * Math.sin(i / 20 + phase)) * drift ** i);
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
      warmUpBudgetMs: 0,
      onProgress: ({ done }) => progress.push(done),
      onFallback: (reason) => fallbacks.push(reason),
    });
    expect(fallbacks).toEqual([]);
    expect(scores).toEqual(expected);
    expect(progress.at(-1)).toBe(tasks.length);
    expect(new Set(scores.map((s) => s.rebalances)).size).toBeGreaterThan(1);
  });

  it('runs in this thread with one worker', async () => {
    const pool = createGridPool({ workers: 1 });
    expect(await runGrid(job, tasks, { pool })).toEqual(expected);
    expect(pool.tasksRun).toEqual({ onWorkers: 0, inThisThread: tasks.length });
    await pool.close();
  });

  it('keeps its workers across runs: other tasks, other policies and another price table, then closes', async () => {
    const pool = createGridPool({
      workers: 2,
      warmUpBudgetMs: 0,
      onFallback: (reason) => expect.fail(reason),
    });
    try {
      expect(await pool.run(job, tasks)).toEqual(expected);
      // Each worker is handed two batches up front, so workers share every run, however fast this thread is.
      expect(pool.tasksRun.onWorkers).toBeGreaterThanOrEqual(4);
      const fewer = { ...job, policies: job.policies.slice(3, 7) };
      const fewerTasks = fewer.policies.map((_, policyIndex) => ({ policyIndex, start: 100, end: 500 }));
      expect(await pool.run(fewer, fewerTasks)).toEqual(
        fewerTasks.map((task) => evaluateGridTask(fewer, task)),
      );
      const other = syntheticJob(0.9999);
      expect(await pool.run(other, tasks)).toEqual(tasks.map((task) => evaluateGridTask(other, task)));
      expect(await pool.run(job, tasks)).toEqual(expected);
    } finally {
      await pool.close();
    }
    await expect(pool.run(job, tasks)).rejects.toThrow(/grid pool is closed/);
  });

  it('reports a task that fails in a worker, and the pool still runs the next grid', async () => {
    const pool = createGridPool({ workers: 2 });
    try {
      await expect(pool.run(job, [...tasks, { policyIndex: 99, start: 0, end: 300 }])).rejects.toThrow(
        /grid task names policy 99, the grid has 16/,
      );
      expect(await pool.run(job, tasks)).toEqual(expected);
    } finally {
      await pool.close();
    }
  });

  it('keeps a grid this thread finishes within the warm-up budget off the workers', async () => {
    const pool = createGridPool({ workers: 2, warmUpBudgetMs: 60_000 });
    try {
      expect(await pool.run(job, tasks)).toEqual(expected);
      expect(pool.tasksRun).toEqual({ onWorkers: 0, inThisThread: tasks.length });
    } finally {
      await pool.close();
    }
  });
});

describe('worker threads from TypeScript sources', () => {
  it('start under `node --import tsx` (how `pnpm dalio` runs) without falling back to one thread', () => {
    const script = new URL('../test/pool-under-tsx.ts', import.meta.url).pathname;
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const output = execFileSync(
      process.execPath,
      ['--conditions=@dalio-lite/source', '--import', tsx, script],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(output)).toEqual({ scores: 200, fallbacks: [] });
  });
});
