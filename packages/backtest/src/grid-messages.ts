import type { RebalancePolicy } from '@dalio-lite/core';
import type { BacktestSettings } from './backtest-settings.ts';
import type { GridScore, GridTask } from './grid-task.ts';
import type { PriceTable } from './price-table.ts';

/**
 * Parent → worker. `prices` rides along only the first time a worker sees a price table (its series live in
 * shared memory, so even then nothing is copied but the dates); later jobs on the same table name it by id.
 */
export type GridWorkerRequest =
  | {
      type: 'job';
      jobId: number;
      pricesId: number;
      prices?: PriceTable;
      settings: BacktestSettings;
      policies: readonly RebalancePolicy[];
      riskFreeRate: number;
    }
  | { type: 'batch'; jobId: number; batchId: number; tasks: Int32Array };

/** Worker → parent: a batch's scores packed flat, or why it failed. */
export type GridWorkerReply = { batchId: number; scores: Float64Array } | { batchId: number; error: string };

const TASK_FIELDS = 3;
const SCORE_FIELDS = 7;

/** Tasks as `[policyIndex, start, end]` triples in one transferable array. */
export function packTasks(tasks: readonly GridTask[], from: number, to: number): Int32Array<ArrayBuffer> {
  const packed = new Int32Array((to - from) * TASK_FIELDS);
  for (let i = from; i < to; i++) {
    const task = tasks[i] as GridTask;
    const at = (i - from) * TASK_FIELDS;
    packed[at] = task.policyIndex;
    packed[at + 1] = task.start;
    packed[at + 2] = task.end;
  }
  return packed;
}

/** The tasks of a packed batch. */
export function unpackTasks(packed: Int32Array): GridTask[] {
  const tasks: GridTask[] = [];
  for (let at = 0; at < packed.length; at += TASK_FIELDS) {
    tasks.push({
      policyIndex: packed[at] as number,
      start: packed[at + 1] as number,
      end: packed[at + 2] as number,
    });
  }
  return tasks;
}

/** Scores as 7 numbers each in one transferable array (NaN and ±Infinity survive, unlike JSON). */
export function packScores(scores: readonly GridScore[]): Float64Array<ArrayBuffer> {
  const packed = new Float64Array(scores.length * SCORE_FIELDS);
  scores.forEach((score, i) => {
    packed.set(
      [
        score.sharpe,
        score.cagr,
        score.volatility,
        score.maxDrawdown,
        score.totalReturn,
        score.rebalances,
        score.costs,
      ],
      i * SCORE_FIELDS,
    );
  });
  return packed;
}

/** Write a packed batch's scores into `into` from index `from`. */
export function unpackScores(packed: Float64Array, into: GridScore[], from: number): void {
  for (let at = 0, i = from; at < packed.length; at += SCORE_FIELDS, i++) {
    into[i] = {
      sharpe: packed[at] as number,
      cagr: packed[at + 1] as number,
      volatility: packed[at + 2] as number,
      maxDrawdown: packed[at + 3] as number,
      totalReturn: packed[at + 4] as number,
      rebalances: packed[at + 5] as number,
      costs: packed[at + 6] as number,
    };
  }
}
