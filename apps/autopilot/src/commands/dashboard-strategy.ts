import type { AllocationChoice, DalioConfig } from '@dalio-lite/config';
import { isPresetName, PRESETS } from '@dalio-lite/core';
import type { AllocationRequest, GoalAnswer, StrategyPort } from '@dalio-lite/dashboard';
import { initialStatePayload } from '@dalio-lite/state';
import {
  applyAllocation,
  checkAllocationDraft,
  compareStrategies,
  createGoal,
  createGoalStore,
  describeGoalMethod,
  explainPolicy,
  readAllocationStatus,
  reviewGoal,
  StrategyInputError,
  strategyCandidates,
} from '@dalio-lite/strategy';
import { logStateEvent } from '../logger.ts';
import type { Runtime } from '../runtime.ts';
import { portfolioNow } from './goal.ts';
import { priceSource, strategyCache } from './strategy.ts';

/** The weights and config choice of a dashboard request (a preset's weights in percent, for the check). */
function choiceOf(request: AllocationRequest): {
  choice: AllocationChoice;
  weightsPct: Record<string, number>;
} {
  if ('weightsPct' in request)
    return { choice: { targetsPct: request.weightsPct }, weightsPct: request.weightsPct };
  if (!isPresetName(request.preset))
    throw new StrategyInputError(
      `Unknown preset "${request.preset}"; use one of ${Object.keys(PRESETS).join(', ')}`,
      { field: 'preset' },
    );
  const weightsPct = Object.fromEntries(
    Object.entries(PRESETS[request.preset].targets).map(([symbol, weight]) => [symbol, weight * 100]),
  );
  return { choice: { preset: request.preset }, weightsPct };
}

/**
 * The dashboard's strategy and goal pages on the same calls as `dalio strategy|allocation|goal|explain`.
 * `runtime()` is the runtime in force; `onApplied` gets the config with the new allocation, so the dashboard's
 * "rebalance now" and the next cycle trade toward it.
 */
export function strategyPort(options: {
  runtime: () => Runtime;
  env: NodeJS.ProcessEnv;
  cwd: string;
  onApplied: (config: DalioConfig) => void;
}): StrategyPort {
  const { env, cwd } = options;
  const config = () => options.runtime().config;
  const cache = strategyCache(config(), options.runtime().logger);
  const goalStore = () =>
    createGoalStore({
      stateDir: config().paths.stateDir,
      onEvent: (event) => logStateEvent(options.runtime().logger, event),
    });
  const check = (weightsPct: Record<string, number>) =>
    checkAllocationDraft({
      weightsPct,
      currentTargets: config().allocation.targets,
      getAsset: async (symbol) => (await options.runtime().broker()).getAsset(symbol),
      config: config(),
      prices: priceSource(undefined, cwd),
      cache,
    });
  const readGoal = async (): Promise<GoalAnswer> => {
    const goal = await goalStore().read();
    if (goal === null) return { review: null, method: [], valueError: null };
    const now = await portfolioNow(options.runtime());
    const review = await reviewGoal({
      goal,
      today: now.today,
      valueUsd: now.valueUsd,
      targets: config().allocation.targets,
      source: { config: config(), cache },
    });
    return { review, method: describeGoalMethod(goal, review.history), valueError: now.error ?? null };
  };
  return {
    compare: (range) =>
      compareStrategies({
        candidates: strategyCandidates(config().allocation),
        config: config(),
        prices: priceSource(undefined, cwd),
        range,
        cache,
      }),
    check,
    async apply(request, by) {
      const { choice, weightsPct } = choiceOf(request);
      const verdict = await check(weightsPct);
      if (!verdict.ok) return { check: verdict, outcome: null };
      const outcome = await applyAllocation({
        config: config(),
        choice,
        by,
        env,
        cwd,
        history: options.runtime().history,
      });
      if (outcome.kind === 'applied')
        options.onApplied({
          ...config(),
          allocation: {
            preset: outcome.change.to.preset as DalioConfig['allocation']['preset'],
            targets: outcome.change.to.targets,
          },
        });
      return { check: verdict, outcome };
    },
    allocationStatus: () => readAllocationStatus(options.runtime().history),
    readGoal,
    async setGoal(input) {
      const now = await portfolioNow(options.runtime());
      if (now.valueUsd === null)
        throw new StrategyInputError(`Could not read the portfolio value from the broker (${now.error})`, {
          field: 'valueUsd',
        });
      await goalStore().write(
        createGoal(input, {
          now: options.runtime().now(),
          today: now.today,
          valueUsd: now.valueUsd,
          targets: config().allocation.targets,
        }),
      );
      return readGoal();
    },
    clearGoal: () => goalStore().clear(),
    async explain() {
      const runtime = options.runtime();
      const [state, page, gate] = await Promise.all([
        runtime.store.load(),
        runtime.history.readPage({ limit: 1 }),
        runtime.gate.files.liveGate.read(),
      ]);
      const decision = runtime.config.mode === 'live' ? (gate?.current ?? null) : null;
      const liveTier = decision
        ? { tier: decision.tier - 1, capitalCapUsd: decision.capitalCapUsd, since: decision.tierSince }
        : null;
      return explainPolicy({
        config: runtime.config,
        state: state || liveTier ? { ...(state?.payload ?? initialStatePayload()), liveTier } : null,
        lastCycle: page.records[0] ?? null,
      });
    },
  };
}
