/**
 * `pnpm bench`: how long the strategy page's work takes — the presets compared over the whole bundled history
 * (cold, then from the memory cache and from the disk cache of a new process) and a 2,000-path goal projection.
 * Runs the built `dist/` as the CLI does. Not a test: nothing here is asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultConfig } from '@dalio-lite/config';
import { dailyReturns } from '@dalio-lite/core';
import {
  compareStrategies,
  createResultCache,
  projectGoal,
  strategyCandidates,
  strategyComparisonSchema,
} from '@dalio-lite/strategy';

const config = defaultConfig({ HOME: '/nonexistent' });
const candidates = strategyCandidates({ preset: 'custom', targets: { VTI: 0.5, TLT: 0.3, GLD: 0.2 } });
const dir = mkdtempSync(join(tmpdir(), 'dalio-strategy-bench-'));
const diskCache = () => createResultCache({ disk: { dir, schema: strategyComparisonSchema } });

async function time(label: string, run: () => Promise<unknown> | unknown): Promise<void> {
  const start = performance.now();
  await run();
  console.log(`${label.padEnd(58)} ${(performance.now() - start).toFixed(0).padStart(6)} ms`);
}

const cache = diskCache();
let returns: Float64Array = new Float64Array();
await time(`compare ${candidates.length} allocations, full history, cold`, async () => {
  const { comparison } = await compareStrategies({ candidates, config, cache });
  returns = dailyReturns(comparison.strategies[0]?.equityUsd ?? []);
});
await time('the same again, memory cache', () => compareStrategies({ candidates, config, cache }));
await time('the same in a new process, disk cache', () =>
  compareStrategies({ candidates, config, cache: diskCache() }),
);
await time('goal projection, 2,000 paths to 2035 (10 years)', () =>
  projectGoal({
    dailyReturns: returns,
    startValueUsd: 100_000,
    monthlyUsd: 500,
    inflationPct: 2.5,
    startDate: '2025-03-03',
    targetDate: '2035-01-01',
    amountUsd: 250_000,
    probabilityPct: 80,
  }),
);
rmSync(dir, { recursive: true, force: true });
