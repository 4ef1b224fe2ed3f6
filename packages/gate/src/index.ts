export {
  AUTO_ITEMS,
  type ChecklistItemResult,
  type ChecklistReport,
  describeFailing,
  evaluateChecklist,
} from './checklist.ts';
export type {
  BackupEvidence,
  BackupFact,
  ChecklistEvidence,
  ClockLook,
  InstallTests,
  PaperEvidence,
  SoakReport,
  StateDirLook,
  TestResult,
} from './checklist-evidence.ts';
export type { AutoItem, ItemOutcome } from './checklist-item.ts';
export { GateError, type GateErrorCode } from './errors.ts';
export {
  ALERT_TESTS_FILE,
  type AlertTestDelivery,
  type AlertTestRecord,
  type GateFiles,
  LIVE_GATE_FILE,
  type LiveDecision,
  type LiveGateRecord,
  type LiveLogEntry,
  openGateFiles,
  SIGNOFFS_FILE,
  type SignOff,
  type SignOffRecord,
} from './gate-files.ts';
export { type EvidenceSources, gatherEvidence } from './gather-evidence.ts';
export { lookAtClock, lookAtStateDir } from './host-looks.ts';
export { lookAtInstallTests, readTestResult, TEST_RESULT_PATH } from './install-tests.ts';
export { describeKeyKind, type KeyKind, keyKindOf } from './key-kind.ts';
export {
  accountLabel,
  assertLiveConfig,
  confirmAccount,
  type DecisionMeta,
  type LiveEnableInput,
  type LiveEnablePlan,
  planLiveEnable,
  recordLiveDisable,
  recordLiveEnable,
} from './live-switch.ts';
export {
  createTradingGate,
  decisionCap,
  describeLiveOff,
  type TradingGateOptions,
} from './live-trading-gate.ts';
export { MANUAL_ITEMS, type ManualItem } from './manual-items.ts';
export { readPaperEvidence } from './paper-evidence.ts';
export { type BrokerFacts, checkBrokerPin, checkKeyPin, type PinVerdict } from './pin.ts';
export { type CommandOutcome, type RunCommand, runCommand } from './run-command.ts';
export { readSoakReport } from './soak-report.ts';
export {
  type CurrentTier,
  checkTierMove,
  describeTiers,
  type TierInfo,
  type TierMoveInput,
  tierCount,
  tierInfo,
} from './tiers.ts';
export { type Incident, type TrackRecord, trackRecord } from './track-record.ts';
export {
  ALPACA_LIVE_URL,
  ALPACA_PAPER_URL,
  type ModeBadge,
  modeBadge,
  type TradingTarget,
  tradingTarget,
} from './trading-target.ts';
