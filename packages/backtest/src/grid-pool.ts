import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { evaluateGridTask, type GridJob, type GridScore, type GridTask } from './grid-task.ts';
import type { PriceTable } from './price-table.ts';

/** How to run a grid: worker count (default: available parallelism; 1 = in this thread) and progress reports. */
export interface RunGridOptions {
  workers?: number;
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Called when workers could not start and the grid runs in this thread instead. */
  onFallback?: (reason: string) => void;
}

/**
 * Run grid tasks on worker threads and return the scores in task order. The prices go to every worker once,
 * in shared memory. From `dist/` the worker is plain JS; from `src/` (tsx, vitest) it is TypeScript and needs
 * tsx's loader, which the worker gets through `execArgv`. If a worker cannot start, the grid finishes in this
 * thread instead, so a result never depends on where the code runs.
 */
export async function runGrid(
  job: GridJob,
  tasks: readonly GridTask[],
  options: RunGridOptions = {},
): Promise<GridScore[]> {
  const workerCount = Math.max(1, Math.min(options.workers ?? availableParallelism(), tasks.length));
  if (workerCount <= 1) return runInThread(job, tasks, 0, new Array(tasks.length), options);
  const scores: GridScore[] = new Array(tasks.length);
  let done = 0;
  try {
    await runOnWorkers(job, tasks, workerCount, (id, score) => {
      scores[id] = score;
      done++;
      options.onProgress?.({ done, total: tasks.length });
    });
    return scores;
  } catch (error) {
    if (!(error instanceof WorkerStartError)) throw error;
    options.onFallback?.(error.message);
    return runInThread(job, tasks, 0, new Array(tasks.length), options);
  }
}

function runInThread(
  job: GridJob,
  tasks: readonly GridTask[],
  from: number,
  scores: GridScore[],
  options: RunGridOptions,
): GridScore[] {
  for (let i = from; i < tasks.length; i++) {
    scores[i] = evaluateGridTask(job, tasks[i] as GridTask);
    options.onProgress?.({ done: i + 1, total: tasks.length });
  }
  return scores;
}

class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError';
}

function runOnWorkers(
  job: GridJob,
  tasks: readonly GridTask[],
  workerCount: number,
  onScore: (id: number, score: GridScore) => void,
): Promise<void> {
  const workerData: GridJob = { ...job, prices: toSharedTable(job.prices) };
  let start: () => Worker;
  try {
    start = workerStarter(workerData);
  } catch (error) {
    return Promise.reject(
      new WorkerStartError(`no worker loader: ${(error as Error).message}`, { cause: error }),
    );
  }
  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let finished = 0;
    let settled = false;
    const stop = (error?: Error): void => {
      if (settled) return;
      settled = true;
      for (const worker of workers) void worker.terminate();
      if (error) reject(error);
      else resolve();
    };
    const feed = (worker: Worker): void => {
      if (next < tasks.length) {
        const id = next++;
        worker.postMessage({ id, task: tasks[id] });
      }
    };
    for (let w = 0; w < workerCount; w++) {
      const worker = start();
      let answered = false;
      workers.push(worker);
      worker.on('message', (message: { id: number; score?: GridScore; error?: string }) => {
        answered = true;
        if (message.error !== undefined || !message.score) {
          stop(new Error(`grid task ${message.id} failed: ${message.error}`));
          return;
        }
        onScore(message.id, message.score);
        finished++;
        if (finished === tasks.length) stop();
        else feed(worker);
      });
      worker.on('error', (error) =>
        stop(answered ? error : new WorkerStartError(error.message, { cause: error })),
      );
      worker.on('exit', (code) => {
        if (!settled && code !== 0) stop(new WorkerStartError(`grid worker exited with code ${code}`));
      });
      feed(worker);
    }
  });
}

/**
 * From `dist/` the worker is plain JS. From `src/` (vitest, tsx) it is TypeScript: a small CommonJS bootstrap
 * registers tsx's loader in the worker (Node 20 ignores `--import` in a worker's execArgv) and resolves workspace
 * packages to their sources, as the parent does.
 */
function workerStarter(workerData: GridJob): () => Worker {
  if (!import.meta.url.endsWith('.ts')) {
    const url = new URL('./grid-worker.js', import.meta.url);
    return () => new Worker(url, { workerData });
  }
  const tsxApi = createRequire(import.meta.url).resolve('tsx/esm/api');
  const script = new URL('./grid-worker.ts', import.meta.url).href;
  const bootstrap = `require(${JSON.stringify(tsxApi)}).register(); import(${JSON.stringify(script)});`;
  return () =>
    new Worker(bootstrap, { eval: true, workerData, execArgv: ['--conditions=@dalio-lite/source'] });
}

/** Copy each price series into a SharedArrayBuffer so workers read one copy instead of cloning it. */
function toSharedTable(prices: PriceTable): PriceTable {
  const adjClose = new Map<string, Float64Array>();
  for (const [symbol, series] of prices.adjClose) {
    const shared = new Float64Array(new SharedArrayBuffer(series.byteLength));
    shared.set(series);
    adjClose.set(symbol, shared);
  }
  return { dates: prices.dates, adjClose };
}
