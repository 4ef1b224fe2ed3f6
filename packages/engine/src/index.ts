export { clientOrderId, isOwnClientOrderId, MAX_CLIENT_ORDER_ID_LENGTH } from './client-order-id.ts';
export { CycleStoppedError } from './cycle-context.ts';
export { type CyclePreview, previewCycle } from './cycle-preview.ts';
export { type CycleCode, type CycleReport, ROUTINE_CYCLE_CODES } from './cycle-report.ts';
export { CYCLE_STEPS, type CycleStep } from './cycle-steps.ts';
export type { EngineEvent, OnEngineEvent } from './engine-events.ts';
export { DEFAULT_ENGINE_TIMING, type EngineSettings } from './engine-settings.ts';
export { type HaltOutcome, haltTrading, type ResumeOutcome, resumeTrading } from './halt-control.ts';
export { SnapshotRefusal } from './market-snapshot.ts';
export type { CycleOptions } from './rebalance-cycle.ts';
export {
  createRebalanceEngine,
  type RebalanceEngine,
  type RebalanceEngineOptions,
} from './rebalance-engine.ts';
