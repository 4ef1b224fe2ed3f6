import type { DeliberateBug } from '@dalio-lite/engine';
import fc from 'fast-check';
import { type LocatedViolation, runScenario, type ScenarioRun } from './run-scenario.ts';
import type { Scenario } from './scenario.ts';
import { scenarioArbitrary } from './scenario-arbitrary.ts';

/** Options of a seed run: which engine, and whether a failure is shrunk to a minimal schedule. */
export interface SeedOptions {
  deliberateBug?: DeliberateBug;
  /** Shrink a failing scenario (fast-check); off, the first failure is reported as generated. Default on. */
  shrink?: boolean;
}

/** A failing seed: what broke, the run that broke it, the minimal scenario found, and how to replay both. */
export interface SeedFailure {
  seed: number;
  violation: LocatedViolation;
  trace: string[];
  scenario: Scenario;
  /** The smallest failing scenario fast-check found, with its fast-check path, or null when not shrunk. */
  minimal: { scenario: Scenario; violation: LocatedViolation; trace: string[]; path: string } | null;
  /** The command that replays this seed (and shrinks it again). */
  replay: string;
}

/** What a seed range showed. */
export interface SeedsReport {
  from: number;
  count: number;
  failures: SeedFailure[];
  /** Steps and orders over every seed, to see that the runs did something. */
  steps: number;
  orders: number;
  crashes: number;
}

const arbitrary = scenarioArbitrary();

/** The scenario a seed stands for (fast-check's first value for that seed). */
export function scenarioOfSeed(seed: number): Scenario {
  const [scenario] = fc.sample(arbitrary, { seed, numRuns: 1 });
  if (!scenario) throw new Error(`fast-check gave no scenario for seed ${seed}`);
  return scenario;
}

/** The command that replays a seed, with the broken engine variant when there is one. */
export function replayCommand(seed: number, bug?: DeliberateBug, path?: string): string {
  return `pnpm test:sim --seed ${seed}${bug ? ` --bug ${bug}` : ''}${path ? ` --path ${path}` : ''}`;
}

/**
 * Run one seed. A failure is shrunk (fast-check removes days, events and settings while it still fails) unless
 * `shrink` is false; the same seed always gives the same scenario, run and verdict.
 */
export async function runSeed(
  seed: number,
  options: SeedOptions = {},
): Promise<{ run: ScenarioRun; failure: SeedFailure | null }> {
  const runOptions = options.deliberateBug ? { deliberateBug: options.deliberateBug } : {};
  const scenario = scenarioOfSeed(seed);
  const run = await runScenario(scenario, runOptions);
  if (run.violation === null) return { run, failure: null };
  let minimal: SeedFailure['minimal'] = null;
  if (options.shrink ?? true) {
    let last: { scenario: Scenario; run: ScenarioRun } | null = null;
    const details = await fc.check(
      fc.asyncProperty(arbitrary, async (candidate) => {
        const tried = await runScenario(candidate, runOptions);
        if (tried.violation !== null) last = { scenario: candidate, run: tried };
        return tried.violation === null;
      }),
      { seed, numRuns: 1 },
    );
    const found = last as { scenario: Scenario; run: ScenarioRun } | null;
    if (details.failed && found?.run.violation && details.counterexamplePath) {
      minimal = {
        scenario: found.scenario,
        violation: found.run.violation,
        trace: found.run.trace,
        path: details.counterexamplePath,
      };
    }
  }
  return {
    run,
    failure: {
      seed,
      violation: run.violation,
      trace: run.trace,
      scenario,
      minimal,
      replay: replayCommand(seed, options.deliberateBug),
    },
  };
}

/** Replay the exact scenario fast-check reached at `path` from `seed` (a shrunk counterexample). */
export async function replayPath(
  seed: number,
  path: string,
  options: SeedOptions = {},
): Promise<ScenarioRun> {
  let replayed: ScenarioRun | null = null;
  await fc.check(
    fc.asyncProperty(arbitrary, async (candidate) => {
      replayed = await runScenario(
        candidate,
        options.deliberateBug ? { deliberateBug: options.deliberateBug } : {},
      );
      return replayed.violation === null;
    }),
    { seed, path, numRuns: 1, endOnFailure: true },
  );
  if (!replayed) throw new Error(`no scenario at path ${path} of seed ${seed}`);
  return replayed;
}

/** Run seeds `from`, `from + 1`, ... `from + count - 1`; `onSeed` hears about each as it ends. */
export async function runSeeds(
  from: number,
  count: number,
  options: SeedOptions & {
    onSeed?: (seed: number, run: ScenarioRun, failure: SeedFailure | null) => void;
  } = {},
): Promise<SeedsReport> {
  const report: SeedsReport = { from, count, failures: [], steps: 0, orders: 0, crashes: 0 };
  for (let seed = from; seed < from + count; seed++) {
    const { run, failure } = await runSeed(seed, options);
    report.steps += run.stats.steps;
    report.orders += run.stats.orders;
    report.crashes += run.stats.crashes;
    if (failure) report.failures.push(failure);
    options.onSeed?.(seed, run, failure);
  }
  return report;
}
