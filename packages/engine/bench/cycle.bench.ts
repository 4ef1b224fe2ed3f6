/**
 * `pnpm bench`: the overhead of one full engine cycle (lock, verify, plan, durable intent, orders, commit,
 * history, heartbeat) against the in-process simulator with a real state store, versus the two durable writes
 * it cannot avoid (state's writeFileDurably: temp file, fsync, rename, directory fsync), interleaved in the
 * same run. Budgets: median under 5× the fsync pair; p99 under 5 ms more than the fsync pair. Not a test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileDurably } from '@dalio-lite/state';
import { emit, range, summarize, timeMs } from '../../../bench/figure.ts';
import { createDailyEngine } from './daily-engine.ts';

const WARM_UP = 20;
const CYCLES = 200;

const { harness, nextDay } = await createDailyEngine();
harness.seed({ VTI: 10_000 });
const fsyncDir = await mkdtemp(join(tmpdir(), 'dalio-bench-fsync-'));
const payload = JSON.stringify({ version: 1, padding: 'x'.repeat(1_500) });
const fsyncPair = async (): Promise<void> => {
  await writeFileDurably(join(fsyncDir, 'state.json'), payload);
  await writeFileDurably(join(fsyncDir, 'heartbeat.json'), payload);
};

const cycleMs: number[] = [];
const fsyncMs: number[] = [];
for (let i = 0; i < WARM_UP + CYCLES; i++) {
  await nextDay();
  const cycle = await timeMs(() => harness.engine.runCycle());
  const fsync = await timeMs(fsyncPair);
  if (i >= WARM_UP) {
    cycleMs.push(cycle);
    fsyncMs.push(fsync);
  }
}
const cycle = summarize(cycleMs);
const fsync = summarize(fsyncMs);
const orders = harness.ownOrders().length;
console.error(`${CYCLES + WARM_UP} cycles on consecutive trading days, ${orders} orders placed`);

emit({
  id: 'engine.cycle',
  label: 'engine cycle (simulator, real state dir)',
  unit: 'ms',
  median: cycle.median,
  spread: `${range(cycleMs)} (p99 ${cycle.p99.toFixed(2)})`,
  samples: CYCLES,
  baseline: { label: '2 × writeFileDurably', median: fsync.median },
  budget: { text: '< 5× fsync pair', ok: cycle.median < 5 * fsync.median },
});
const overheadP99 = cycle.p99 - fsync.median;
emit({
  id: 'engine.cycle.p99-overhead',
  label: 'engine cycle p99 − fsync pair median',
  unit: 'ms',
  median: overheadP99,
  spread: `p99 ${cycle.p99.toFixed(2)} − ${fsync.median.toFixed(2)}`,
  samples: CYCLES,
  baseline: null,
  ratio: null,
  budget: { text: '< 5 ms', ok: overheadP99 < 5 },
});

await rm(fsyncDir, { recursive: true, force: true });
await rm(harness.stateDir, { recursive: true, force: true });
