import { type GridWorkerReply, type GridWorkerRequest, packTasks, unpackScores } from './grid-messages.ts';
import { evaluateGridTask, type GridJob, type GridScore, type GridTask } from './grid-task.ts';
import { type Slot, WorkerStartError } from './grid-workers.ts';
import type { PriceTable } from './price-table.ts';

/** The first batch is a 1/8 share per thread; later ones shrink with what is left, so all threads end together. */
const BATCHES_PER_THREAD = 8;
/** The smallest batch, as a share of the grid per thread: small enough to even out the tail, big enough to pay the message. */
const MIN_BATCH_SHARE = 64;
/** Batches a worker holds at once, so it never waits for this thread to hand it the next. */
const BATCHES_IN_FLIGHT = 2;

/** Tasks in the next batch when `remaining` are left to share between `threads` threads. */
export function batchSize(remaining: number, threads: number, minBatch = 1): number {
  return Math.max(minBatch, Math.ceil(remaining / (threads * BATCHES_PER_THREAD)));
}

/** One grid run to share between started worker slots and this thread. */
export interface GridDispatch {
  job: GridJob;
  tasks: readonly GridTask[];
  slots: readonly Slot[];
  /** Threads in all, this one included: batches are sized by it. */
  threads: number;
  /** The job's price table in shared memory and the id workers remember it by. */
  sharedPrices: { id: number; table: PriceTable };
  /** Scores by task index, filled in place; tasks before `first` are scored already. */
  scores: GridScore[];
  first: number;
  /** A fresh id for the job and for each batch. */
  nextId: () => number;
  /** Reports progress as batches are scored (a pool run's options). */
  run: { onProgress?: (progress: { done: number; total: number }) => void };
  /** Counts the tasks scored, by where they ran. */
  tasksRun: { onWorkers: number; inThisThread: number };
}

/**
 * Send the job to every worker (with the price table only to those that do not hold it yet), then hand out
 * batches to the workers and to this thread until every task is scored. Rejects with `WorkerStartError` when a
 * worker fails before it ever answered, else with the first failure; the caller decides what the workers are worth.
 */
export function dispatchGrid(dispatch: GridDispatch): Promise<GridScore[]> {
  const { job, tasks, slots: active, threads, sharedPrices: shared, scores, first, run, tasksRun } = dispatch;
  const jobId = dispatch.nextId();
  for (const slot of active) {
    const message: GridWorkerRequest = {
      type: 'job',
      jobId,
      pricesId: shared.id,
      ...(slot.pricesId === shared.id ? {} : { prices: shared.table }),
      settings: job.settings,
      policies: job.policies,
      riskFreeRate: job.riskFreeRate,
    };
    slot.worker.postMessage(message);
    slot.pricesId = shared.id;
  }
  const minBatch = Math.max(1, Math.ceil(tasks.length / (threads * MIN_BATCH_SHARE)));
  return new Promise<GridScore[]>((resolve, reject) => {
    const batches = new Map<number, { from: number; count: number }>();
    let next = first;
    let done = first;
    let settled = false;
    const detach: (() => void)[] = [];
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      for (const off of detach) off();
      for (const slot of active) slot.worker.unref();
      if (error) reject(error);
      else resolve(scores);
    };
    const take = (): { from: number; to: number } | null => {
      if (settled || next >= tasks.length) return null;
      const from = next;
      const count = batchSize(tasks.length - from, threads, minBatch);
      next = Math.min(tasks.length, from + count);
      return { from, to: next };
    };
    const scored = (count: number): void => {
      done += count;
      run.onProgress?.({ done, total: tasks.length });
      if (done === tasks.length) finish();
    };
    const feed = (slot: Slot): void => {
      const range = take();
      if (range === null) return;
      const { from, to } = range;
      const batchId = dispatch.nextId();
      batches.set(batchId, { from, count: to - from });
      const packed = packTasks(tasks, from, to);
      const message: GridWorkerRequest = { type: 'batch', jobId, batchId, tasks: packed };
      slot.worker.postMessage(message, [packed.buffer]);
    };
    for (const slot of active) {
      const onMessage = (reply: GridWorkerReply): void => {
        slot.answered = true;
        const batch = batches.get(reply.batchId);
        if (batch === undefined) return;
        batches.delete(reply.batchId);
        if ('error' in reply) {
          finish(new Error(`grid batch failed in a worker: ${reply.error}`));
          return;
        }
        unpackScores(reply.scores, scores, batch.from);
        tasksRun.onWorkers += batch.count;
        scored(batch.count);
        feed(slot);
      };
      const onError = (error: Error): void =>
        finish(slot.answered ? error : new WorkerStartError(error.message, { cause: error }));
      const onExit = (code: number): void => {
        const reason = `grid worker exited with code ${code}`;
        finish(slot.answered ? new Error(reason) : new WorkerStartError(reason));
      };
      slot.worker.ref();
      slot.worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      detach.push(() => slot.worker.off('message', onMessage).off('error', onError).off('exit', onExit));
      for (let k = 0; k < BATCHES_IN_FLIGHT; k++) feed(slot);
    }
    // This thread's share: a batch at a time, letting worker replies in between.
    void (async () => {
      for (let range = take(); range !== null; range = take()) {
        try {
          for (let i = range.from; i < range.to; i++) scores[i] = evaluateGridTask(job, tasks[i] as GridTask);
        } catch (error) {
          return finish(error as Error);
        }
        tasksRun.inThisThread += range.to - range.from;
        scored(range.to - range.from);
        await new Promise((resume) => setImmediate(resume));
      }
    })();
  });
}
