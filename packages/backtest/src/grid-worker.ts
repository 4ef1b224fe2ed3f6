import { parentPort } from 'node:worker_threads';
import { type GridWorkerReply, type GridWorkerRequest, packScores, unpackTasks } from './grid-messages.ts';
import { evaluateGridTask, type GridJob } from './grid-task.ts';
import type { PriceTable } from './price-table.ts';

/**
 * A long-lived worker of the grid pool: remembers the last price table it was sent (shared memory) and the
 * current job, and answers batches of tasks with their scores packed in one transferred array.
 */
const port = parentPort;
let prices: { id: number; table: PriceTable } | null = null;
let job: { id: number; job: GridJob } | null = null;

port?.on('message', (message: GridWorkerRequest) => {
  if (message.type === 'job') {
    if (message.prices) prices = { id: message.pricesId, table: message.prices };
    if (prices?.id !== message.pricesId) {
      job = null;
      return;
    }
    const { settings, policies, riskFreeRate } = message;
    job = { id: message.jobId, job: { prices: prices.table, settings, policies, riskFreeRate } };
    return;
  }
  let reply: GridWorkerReply;
  try {
    if (job?.id !== message.jobId)
      throw new Error(`worker has no job ${message.jobId} (prices not received)`);
    const current = job.job;
    const scores = packScores(unpackTasks(message.tasks).map((task) => evaluateGridTask(current, task)));
    reply = { batchId: message.batchId, scores };
    port.postMessage(reply, [scores.buffer]);
  } catch (error) {
    reply = { batchId: message.batchId, error: error instanceof Error ? error.message : String(error) };
    port.postMessage(reply);
  }
});
