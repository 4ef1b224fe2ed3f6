export {
  type AllocationStatus,
  allocationChangeForces,
  allocationStatus,
  type CycleRef,
  describeAllocationStatus,
  forceWhileAllocationPending,
  formatTargets,
  readAllocationStatus,
} from './allocation-status.ts';
export {
  type AllocationChange,
  type ApplyAllocationOptions,
  type ApplyOutcome,
  applyAllocation,
} from './apply-allocation.ts';
export { type BlockSampler, createBlockSampler } from './block-bootstrap.ts';
export {
  type CheckAllocationDraftOptions,
  checkAllocationDraft,
  type DraftCheck,
  type SymbolCheck,
} from './check-allocation-draft.ts';
export {
  type CompareOutcome,
  type CompareStrategiesOptions,
  compareStrategies,
} from './compare-strategies.ts';
export {
  type StrategyComparison,
  type StrategyFigures,
  strategyComparisonSchema,
  strategyFiguresSchema,
} from './comparison-schema.ts';
export { checkDraftWeights, type DraftWeights, type WeightCheck } from './draft-weights.ts';
export { StrategyInputError } from './errors.ts';
export {
  type ExplainInput,
  explainPolicy,
  type LastDecision,
  type PolicyExplanation,
  type TargetBand,
} from './explain-policy.ts';
export {
  BAND_PERCENTILES,
  type BandPoint,
  type GoalProjection,
  PROJECTION_DEFAULTS,
  type ProjectionInput,
  projectGoal,
} from './goal-projection.ts';
export {
  allocationReturns,
  createGoal,
  describeGoalMethod,
  type GoalInput,
  type GoalProgress,
  type GoalReview,
  type ReturnsSource,
  reviewGoal,
} from './goal-review.ts';
export { GOAL_DEFAULTS, type Goal, goalFileSchema, goalSchema } from './goal-schema.ts';
export { createGoalStore, GOAL_FILE, type GoalStore } from './goal-store.ts';
export {
  availableSymbols,
  bundledPrices,
  type DateRange,
  loadSourcePrices,
  type PriceSource,
  priceSourceIdentity,
  type SymbolHistory,
  symbolHistories,
} from './price-source.ts';
export { quantileOfSorted } from './quantile.ts';
export { cacheKey, createResultCache, type ResultCache, type ResultCacheOptions } from './result-cache.ts';
export { sameTargets } from './same-targets.ts';
export { type StrategyCandidate, strategyCandidates } from './strategy-candidates.ts';
export { type ReplayPolicy, strategySettings } from './strategy-settings.ts';
