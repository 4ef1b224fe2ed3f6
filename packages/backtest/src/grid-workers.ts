import { Worker } from 'node:worker_threads';
import type { PriceTable } from './price-table.ts';

/** A failure before a worker ever answered: the grid falls back to this thread. */
export class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError';
}

/** A worker of the pool and what the pool knows about it. */
export interface Slot {
  worker: Worker;
  answered: boolean;
  pricesId: number | null;
  /** Set when the worker died outside a run; the next run starts fresh workers. */
  lost: boolean;
}

/** Start a worker and watch it between runs. */
export function startSlot(start: () => Worker): Slot {
  const slot: Slot = { worker: start(), answered: false, pricesId: null, lost: false };
  // A run reports failures through its own listeners; between runs a death only marks the slot.
  const lose = () => {
    slot.lost = true;
  };
  slot.worker.on('error', lose).on('exit', lose);
  return slot;
}

/**
 * From `dist/` the worker is plain JS. From `src/` (vitest, tsx) it is TypeScript: an ESM bootstrap registers
 * tsx's loader in the worker (Node 20 ignores `--import` in a worker's execArgv) and the source condition
 * resolves workspace packages to their sources, as in the parent.
 */
export function workerStarter(): () => Worker {
  if (!import.meta.url.endsWith('.ts')) {
    const url = new URL('./grid-worker.js', import.meta.url);
    // Plain JS needs no loader: do not inherit one (e.g. tsx's) that would only slow every start.
    return () => new Worker(url, { execArgv: [] });
  }
  const bootstrap = new URL('./grid-worker-bootstrap.mjs', import.meta.url);
  return () => new Worker(bootstrap, { execArgv: ['--conditions=@dalio-lite/source'] });
}

/** Copy each price series into a SharedArrayBuffer so every worker reads the one copy instead of a clone. */
export function toSharedTable(prices: PriceTable): PriceTable {
  const adjClose = new Map<string, Float64Array>();
  for (const [symbol, series] of prices.adjClose) {
    const shared = new Float64Array(new SharedArrayBuffer(series.byteLength));
    shared.set(series);
    adjClose.set(symbol, shared);
  }
  return { dates: prices.dates, adjClose };
}
