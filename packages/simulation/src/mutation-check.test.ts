import { DELIBERATE_BUGS } from '@dalio-lite/engine';
import { describe, expect, it } from 'vitest';
import { replayPath, runSeed, type SeedFailure } from './run-seeds.ts';

// The suite must catch a broken engine: each deliberately broken variant runs seed after seed until one fails.
// The failing seed must replay to the same failure, and the correct engine must pass it.
const BUDGET = 250;

async function firstFailure(bug: (typeof DELIBERATE_BUGS)[number]): Promise<SeedFailure | null> {
  for (let seed = 1; seed <= BUDGET; seed++) {
    const { failure } = await runSeed(seed, { deliberateBug: bug, shrink: false });
    if (failure) return failure;
  }
  return null;
}

describe('mutation check: every deliberately broken engine is caught with a replayable seed', () => {
  it.each(DELIBERATE_BUGS)('%s', { timeout: 300_000 }, async (bug) => {
    const failure = await firstFailure(bug);
    expect(failure, `no seed up to ${BUDGET} caught ${bug}`).not.toBeNull();
    if (!failure) return;
    expect(failure.replay).toBe(`pnpm test:sim --seed ${failure.seed} --bug ${bug}`);
    const again = await runSeed(failure.seed, { deliberateBug: bug, shrink: false });
    expect(again.failure?.violation).toEqual(failure.violation);
    expect(again.run.trace).toEqual(failure.trace);
    const correct = await runSeed(failure.seed, { shrink: false });
    expect(correct.failure).toBeNull();
  });

  it('a failing seed shrinks to a smaller scenario that still fails, and its path replays it', {
    timeout: 300_000,
  }, async () => {
    const bug = 'submit-before-intent';
    let seed = 1;
    while (!(await runSeed(seed, { deliberateBug: bug, shrink: false })).failure) seed++;
    const { failure } = await runSeed(seed, { deliberateBug: bug });
    const minimal = failure?.minimal;
    if (!failure || !minimal) throw new Error(`seed ${seed} did not shrink`);
    expect(minimal.scenario.events.length).toBeLessThanOrEqual(failure.scenario.events.length);
    expect(minimal.scenario.days).toBeLessThanOrEqual(failure.scenario.days);
    const replayed = await replayPath(seed, minimal.path, { deliberateBug: bug });
    expect(replayed.violation?.message).toBe(minimal.violation.message);
  });
});
