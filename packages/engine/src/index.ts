export { type AdoptOrdersInput, adoptUnknownOrders } from './adopt-orders.ts';
export {
  clientOrderId,
  isOwnClientOrderId,
  MAX_CLIENT_ORDER_ID_LENGTH,
  parseClientOrderId,
} from './client-order-id.ts';
export type { CycleStop } from './cycle-context.ts';
export {
  type CycleDecision,
  type CycleInput,
  decideCycle,
  evaluatePolicy,
  type HoldCode,
  policyDecisionOf,
  type RefuseCode,
} from './cycle-decision.ts';
export {
  checkAccountBinding,
  checkAccountStatus,
  checkHalt,
  checkMarketClock,
  type GuardCode,
  type GuardResult,
} from './cycle-guards.ts';
export { type CyclePreview, previewCycle } from './cycle-preview.ts';
export { type CycleCode, type CycleReport, type CycleResult, ROUTINE_CYCLE_CODES } from './cycle-report.ts';
export { CYCLE_STEPS, type CycleStep } from './cycle-steps.ts';
export { StaleRecordError } from './day-book.ts';
export { DELIBERATE_BUGS, type DeliberateBug } from './deliberate-bugs.ts';
export type { EngineEvent, OnEngineEvent } from './engine-events.ts';
export { DEFAULT_ENGINE_TIMING, type EngineSettings } from './engine-settings.ts';
export { type HaltOutcome, haltTrading, type ResumeOutcome, resumeTrading } from './halt-control.ts';
export { type MarketSnapshot, readMarketSnapshot } from './market-snapshot.ts';
export type { CycleOptions } from './rebalance-cycle.ts';
export {
  createRebalanceEngine,
  type RebalanceEngine,
  type RebalanceEngineOptions,
} from './rebalance-engine.ts';
export { isUnknownOrderNote } from './reconcile.ts';
export { isRestorable, type StateRecovery, type StateRecoveryOutcome } from './state-recovery.ts';
export {
  type GateFacts,
  type GateRefusalCode,
  type GateVerdict,
  type TradingGate,
  withCapitalCap,
} from './trading-gate.ts';
