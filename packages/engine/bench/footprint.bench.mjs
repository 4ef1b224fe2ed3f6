/**
 * `pnpm bench`: the resident memory of an engine after 1,000 simulated daily cycles in one process (what a
 * daemon does over four years), after a full GC at cycle 500 and 1,000, versus the same process once the
 * packages are loaded. Plain JS on the built `dist/` (run with node --expose-gc, no TypeScript loader), so
 * the figure is what the daemon's own code holds. Budgets: under 120 MB; no growth over the last half.
 * Not a test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createModelPriceFeed,
  createSimClock,
  createSimulator,
  createSimulatorBroker,
} from '@dalio-lite/broker';
import { DEFAULT_PLAN_OPTIONS, DEFAULT_POLICY, DEFAULT_RISK_LIMITS, PRESETS } from '@dalio-lite/core';
import { createRebalanceEngine, DEFAULT_ENGINE_TIMING } from '@dalio-lite/engine';
import {
  createHeartbeat,
  createRebalanceHistory,
  createRebalanceLock,
  createStateStore,
} from '@dalio-lite/state';

const CYCLES = 1_000;
const DAY_MS = 24 * 60 * 60 * 1000;
const MB = 1024 * 1024;
const { gc } = globalThis;
if (!gc) throw new Error('run with node --expose-gc');

/** Resident set size in MB after a full collection. */
function settledRssMb() {
  gc();
  gc();
  return process.memoryUsage().rss / MB;
}

const targets = PRESETS['dalio-lite'].targets;
const stateDir = await mkdtemp(join(tmpdir(), 'dalio-bench-rss-'));
const clock = createSimClock({ mode: { kind: 'fixed', at: '2025-03-03T15:00:00.000Z' } });
const prices = createModelPriceFeed({
  seed: 11,
  symbols: Object.keys(targets),
  from: '2024-01-02',
  to: '2035-12-31',
});
const simulator = createSimulator({ clock, prices, initialCashUsd: 100_000, seed: 3 });
const engine = createRebalanceEngine({
  broker: createSimulatorBroker({ simulator }),
  store: createStateStore({ stateDir }),
  lock: createRebalanceLock({ stateDir }),
  history: createRebalanceHistory({ stateDir }),
  heartbeat: createHeartbeat({ stateDir }),
  settings: {
    targets,
    policy: DEFAULT_POLICY,
    plan: { ...DEFAULT_PLAN_OPTIONS, wholeShares: false },
    risk: DEFAULT_RISK_LIMITS,
    ...DEFAULT_ENGINE_TIMING,
    pollIntervalMs: 1_000,
  },
  sleep: async (ms) => clock.advance(ms),
});

const startMb = settledRssMb();
const rss = [];
let weekday = 1;
for (let i = 1; i <= CYCLES; i++) {
  // The next weekday at the same hour: every cycle is a new trading day (or a holiday).
  const days = weekday === 5 ? 3 : 1;
  weekday = weekday === 5 ? 1 : weekday + 1;
  clock.advance(days * DAY_MS);
  const report = await engine.runCycle();
  if (i === 1) console.error(`first cycle: ${JSON.stringify(report.outcome).slice(0, 120)}`);
  if (i === CYCLES / 2 || i === CYCLES) rss.push(settledRssMb());
}
const [halfMb, endMb] = rss;
// "No growth": up to 5% (at least 3 MB) of allocator noise between the two settled readings.
const growthMb = endMb - halfMb;
const figure = {
  id: 'engine.rss-1000-cycles',
  label: `engine RSS after ${CYCLES} cycles (dist, after GC)`,
  unit: 'MB',
  median: endMb,
  spread: `at 500: ${halfMb.toFixed(1)}, growth ${growthMb.toFixed(1)}`,
  samples: 1,
  baseline: { label: 'same process, packages loaded', median: startMb },
  ratio: endMb / startMb,
  budget: { text: '< 120 MB, no growth 500→1000', ok: endMb < 120 && growthMb <= Math.max(3, halfMb * 0.05) },
};
console.log(`BENCH ${JSON.stringify(figure)}`);
await rm(stateDir, { recursive: true, force: true });
