import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { batchSize, dispatchGrid } from './grid-dispatch.ts';
import { evaluateGridTask, type GridJob, type GridScore, type GridTask } from './grid-task.ts';
import { type Slot, startSlot, toSharedTable, WorkerStartError, workerStarter } from './grid-workers.ts';
import type { PriceTable } from './price-table.ts';

/** Progress of one grid run. */
export interface GridRunOptions {
  onProgress?: (progress: { done: number; total: number }) => void;
}

/** How many threads work on a grid (default: available parallelism; 1 = this thread only) and where fallbacks go. */
export interface GridPoolOptions {
  /** Threads in all: this thread works too, beside `workers - 1` worker threads. */
  workers?: number;
  /** Called when workers could not start and grids run in this thread instead. */
  onFallback?: (reason: string) => void;
  /**
   * Start workers only for a grid this thread would need longer than this to finish alone, judged from its
   * first batch, since cold workers cost up to a second to start and warm up on a busy 2-core machine. Default 0
   * (always start) for a pool made to be reused; `runGrid` without a pool defaults to 1000.
   */
  warmUpBudgetMs?: number;
}

/** Long-lived worker threads for many grid runs: start once, `run` any number of grids, then `close`. */
export interface GridPool {
  readonly workers: number;
  /** Tasks run so far on worker threads and in this thread (how the work was shared). */
  readonly tasksRun: { onWorkers: number; inThisThread: number };
  /** Scores in task order; runs on one pool take turns. */
  run(job: GridJob, tasks: readonly GridTask[], options?: GridRunOptions): Promise<GridScore[]>;
  close(): Promise<void>;
}

/** How to run a one-off grid: a pool of your own to reuse, or a worker count for a pool made for this run. */
export interface RunGridOptions extends GridRunOptions, GridPoolOptions {
  pool?: GridPool;
}

/** Roughly what starting and JIT-warming cold workers costs on a busy 2-core machine (`pnpm bench`: 0.4–1 s). */
const ONE_SHOT_WARM_UP_BUDGET_MS = 1_000;

/**
 * Create a pool. Workers start on the first run and stay until `close` (idle workers do not keep the process
 * alive). This thread takes batches too, so a run starts at once and cold workers join as they warm up. A price
 * table goes into shared memory once and to each worker once, however many runs use it; tasks travel in
 * batches as packed integer arrays and scores come back packed. From `dist/` workers run the plain JS; from
 * `src/` (tsx, vitest) they need tsx's loader. If workers cannot start, every run uses this thread alone, so a
 * result never depends on where the code runs.
 */
export function createGridPool(options: GridPoolOptions = {}): GridPool {
  const size = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const budgetMs = options.warmUpBudgetMs ?? 0;
  const sharedTables = new WeakMap<PriceTable, { id: number; table: PriceTable }>();
  let slots: Slot[] | null = null;
  let fallback: string | null = null;
  let closed = false;
  let turn: Promise<unknown> = Promise.resolve();
  let ids = 0;
  const tasksRun = { onWorkers: 0, inThisThread: 0 };

  const stopWorkers = async (): Promise<void> => {
    const stopping = slots ?? [];
    slots = null;
    await Promise.all(stopping.map((slot) => slot.worker.terminate()));
  };

  const runOnWorkers = (
    job: GridJob,
    tasks: readonly GridTask[],
    run: GridRunOptions,
    scores: GridScore[],
    first: number,
  ): Promise<GridScore[]> => {
    if (slots === null) {
      const start = workerStarter();
      slots = Array.from({ length: size - 1 }, () => startSlot(start));
    }
    let shared = sharedTables.get(job.prices);
    if (!shared) {
      shared = { id: ++ids, table: toSharedTable(job.prices) };
      sharedTables.set(job.prices, shared);
    }
    const nextId = () => ++ids;
    return dispatchGrid({
      job,
      tasks,
      slots,
      threads: size,
      sharedPrices: shared,
      scores,
      first,
      nextId,
      run,
      tasksRun,
    });
  };

  const runNow = async (
    job: GridJob,
    tasks: readonly GridTask[],
    run: GridRunOptions,
  ): Promise<GridScore[]> => {
    if (closed) throw new Error('the grid pool is closed; create a new one');
    const scores: GridScore[] = new Array(tasks.length);
    if (size <= 1 || fallback !== null || tasks.length === 0) {
      tasksRun.inThisThread += tasks.length;
      runInThread(job, tasks, run, scores, 0, tasks.length);
      return scores;
    }
    if (slots?.some((slot) => slot.lost)) await stopWorkers();
    let first = 0;
    if (slots === null && budgetMs > 0) {
      // Probe with one batch here; a grid that would end within the budget is not worth starting workers for.
      const probe = batchSize(tasks.length, size);
      const startedMs = performance.now();
      first = runInThread(job, tasks, run, scores, 0, probe);
      tasksRun.inThisThread += probe;
      const projectedMs = ((performance.now() - startedMs) / probe) * (tasks.length - probe);
      if (projectedMs <= budgetMs) {
        tasksRun.inThisThread += tasks.length - probe;
        runInThread(job, tasks, run, scores, probe, tasks.length);
        return scores;
      }
    }
    try {
      return await runOnWorkers(job, tasks, run, scores, first);
    } catch (error) {
      // A failed run leaves workers in an unknown state: the next run starts fresh ones.
      await stopWorkers();
      if (!(error instanceof WorkerStartError)) throw error;
      fallback = error.message;
      options.onFallback?.(fallback);
      tasksRun.inThisThread += tasks.length;
      runInThread(job, tasks, run, scores, 0, tasks.length);
      return scores;
    }
  };

  return {
    workers: size,
    tasksRun,
    run(job, tasks, run = {}) {
      const result = turn.then(() => runNow(job, tasks, run));
      turn = result.catch(() => {});
      return result;
    },
    async close() {
      closed = true;
      await turn;
      await stopWorkers();
    },
  };
}

/** Run a grid once: on `options.pool` if given, else on a pool made for this run and closed after it. */
export async function runGrid(
  job: GridJob,
  tasks: readonly GridTask[],
  options: RunGridOptions = {},
): Promise<GridScore[]> {
  if (options.pool) return options.pool.run(job, tasks, options);
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), tasks.length));
  const pool = createGridPool({
    workers,
    ...(options.onFallback ? { onFallback: options.onFallback } : {}),
    warmUpBudgetMs: options.warmUpBudgetMs ?? ONE_SHOT_WARM_UP_BUDGET_MS,
  });
  try {
    return await pool.run(job, tasks, options);
  } finally {
    await pool.close();
  }
}

/** Tasks `[from, to)` in this thread, into `scores`; returns `to`. */
function runInThread(
  job: GridJob,
  tasks: readonly GridTask[],
  run: GridRunOptions,
  scores: GridScore[],
  from: number,
  to: number,
): number {
  for (let i = from; i < to; i++) {
    scores[i] = evaluateGridTask(job, tasks[i] as GridTask);
    run.onProgress?.({ done: i + 1, total: tasks.length });
  }
  return to;
}
