export { canonicalJson, sha256OfJson } from './canonical-json.ts';
export {
  type CheckedFileContext,
  readCheckedFile,
  type SchemaMigration,
  type VerifiedFile,
  type VersionedSchema,
  writeCheckedFile,
} from './checked-json-file.ts';
export {
  type CrashPoints,
  DURABLE_WRITE_STEPS,
  type DurableWriteStep,
  noCrashPoints,
} from './crash-points.ts';
export {
  createDurableJsonFile,
  type DurableJsonFile,
  type DurableJsonFileOptions,
} from './durable-json-file.ts';
export { type DurableWriteOptions, syncDirectory, writeAll, writeFileDurably } from './durable-write.ts';
export { type DecodedEnvelope, decodeEnvelope, type Envelope, encodeEnvelope } from './envelope.ts';
export {
  CORRUPTION_KINDS,
  type CorruptionKind,
  DurableWriteError,
  errnoCode,
  InvalidPayloadError,
  LockError,
  type LockErrorKind,
  StateCorruptError,
  StateDirError,
  UnsafePathError,
} from './errors.ts';
export { type Fs, type FsFileHandle, nodeFs } from './fs-port.ts';
export { createHeartbeat, HEARTBEAT_FILE, type Heartbeat, heartbeatSchema } from './heartbeat.ts';
export { encodeHistoryLine, type ParsedHistory, parseHistory, type SkippedLine } from './history-lines.ts';
export {
  type CycleOutcome,
  cycleOutcomeSchema,
  type HistoryEntry,
  type HistoryEvent,
  type HistoryEventRecord,
  type HistoryRecord,
  historyEntrySchema,
  historyEventSchema,
} from './history-schema.ts';
export type { RetrySchedule } from './lock-dir.ts';
export type { LockHolder } from './lock-holder.ts';
export {
  createRebalanceHistory,
  HISTORY_FILE,
  type HistoryPage,
  type RebalanceHistory,
  type RebalanceHistoryOptions,
} from './rebalance-history.ts';
export {
  createRebalanceLock,
  type HeldLock,
  type LockAttempt,
  type LockBusy,
  REBALANCE_LOCK_CONFIG,
  type RebalanceLock,
  type RebalanceLockOptions,
  type RetryTimeouts,
  retryBudget,
  type WithLockOutcome,
} from './rebalance-lock.ts';
export { resolveInside, STATE_DIR_MODE, STATE_FILE_MODE } from './safe-path.ts';
export { openStateDir, type StateDir, type StateDirOptions } from './state-dir.ts';
export {
  ignoreStateEvents,
  type OnStateEvent,
  type SkippedLineReason,
  type StateEvent,
} from './state-events.ts';
export {
  migrateStateV1ToV2,
  migrateStateV2ToV3,
  STATE_SCHEMA,
  type StatePayloadV1,
  type StatePayloadV2,
  statePayloadV1Schema,
  statePayloadV2Schema,
} from './state-migrations.ts';
export { QUARANTINE_RECORD_FILE, type QuarantineRecord } from './state-quarantine.ts';
export {
  type AccountBinding,
  accountBindingSchema,
  type BrokerAnswer,
  breakersSchema,
  brokerAnswerSchema,
  brokerVenueSchema,
  type DayRecord,
  type DayStatus,
  dayRecordSchema,
  dayStatusSchema,
  initialStatePayload,
  type LiveTier,
  liveTierSchema,
  orderAmountSchema,
  orderSideSchema,
  orderStatusSchema,
  type PersistedPlannedOrder,
  plannedOrderSchema,
  STATE_SCHEMA_VERSION,
  type StatePayload,
  statePayloadSchema,
  type TradingDay,
  tradingDaySchema,
} from './state-schema.ts';
export {
  createStateStore,
  type LoadedState,
  SEQ_MARKER_FILE,
  STATE_FILE,
  type StateStore,
  type StateStoreOptions,
} from './state-store.ts';
export {
  STATE_UPDATE_LOCK_CONFIG,
  type StateUpdateLock,
  type UpdateLockGuard,
} from './state-update-lock.ts';
