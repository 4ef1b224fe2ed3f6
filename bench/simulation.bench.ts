/**
 * `pnpm bench`: seeds per second of the deterministic simulation (packages/simulation's runSeed: one
 * generated scenario of many trading days under faults, the engine on a simulated file system and clock),
 * without shrinking, versus the same number of plain engine-free fast-check samples of the scenarios (what
 * generating them costs). No budget in the issue: the figure is recorded. Not a test.
 */
import { runSeed, scenarioOfSeed } from '../packages/simulation/src/index.ts';
import { emit, range, summarize, timeMs } from './figure.ts';

const SEEDS = 20;
const ROUNDS = 3;

const perSecond: number[] = [];
const generatePerSecond: number[] = [];
let steps = 0;
for (let round = 0; round < ROUNDS; round++) {
  const from = 1 + round * SEEDS;
  generatePerSecond.push(
    (SEEDS * 1000) /
      (await timeMs(() => {
        for (let seed = from; seed < from + SEEDS; seed++) scenarioOfSeed(seed);
      })),
  );
  perSecond.push(
    (SEEDS * 1000) /
      (await timeMs(async () => {
        for (let seed = from; seed < from + SEEDS; seed++) {
          const { run } = await runSeed(seed, { shrink: false });
          steps += run.trace.length;
        }
      })),
  );
}
console.error(`${SEEDS * ROUNDS} seeds, ${steps} trace lines`);
emit({
  id: 'simulation.seeds',
  label: 'deterministic simulation, seeds/s (no shrinking)',
  unit: 'seeds/s',
  median: summarize(perSecond).median,
  spread: range(perSecond, 1),
  samples: ROUNDS,
  baseline: { label: 'scenario generation only', median: summarize(generatePerSecond).median },
  budget: null,
});
