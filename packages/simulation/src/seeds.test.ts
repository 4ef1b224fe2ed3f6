import { describe, expect, it } from 'vitest';
import { runSeeds, type SeedFailure } from './run-seeds.ts';

// The fixed seeds `npm test` runs (`pnpm test:sim --seeds N --from S` runs more). A failure names the seed,
// the invariant, the command that replays it and the minimal scenario fast-check shrank it to.
function describeFailures(failures: readonly SeedFailure[]): string[] {
  return failures.map((failure) =>
    [
      `seed ${failure.seed}: ${failure.violation.invariant} ${failure.violation.message} (at ${failure.violation.step})`,
      `replay: ${failure.replay}`,
      failure.minimal
        ? `minimal (${failure.minimal.violation.invariant}): ${JSON.stringify(failure.minimal.scenario)}`
        : '',
    ].join('\n'),
  );
}

const BATCHES = [1, 51, 101, 151];

describe('200 seeds of the deterministic simulation hold I1–I8 and liveness', () => {
  it.each(BATCHES)('seeds %i to +49', { timeout: 240_000 }, async (from) => {
    const report = await runSeeds(from, 50);
    expect(describeFailures(report.failures)).toEqual([]);
    // The seeds did something: orders were placed and processes were killed along the way.
    expect(report.orders).toBeGreaterThan(50);
    expect(report.crashes).toBeGreaterThan(0);
  });
});
