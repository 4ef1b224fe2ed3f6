export type { BackupServiceOptions } from './backup-context.ts';
export type { BackupEvent, OnBackupEvent } from './backup-events.ts';
export { STATE_BACKUP_FILES } from './backup-files.ts';
export { type BackupHealthInput, type BackupHealthVerdict, judgeBackupHealth } from './backup-health.ts';
export { archiveKey, BACKUP_ID_PATTERN, isBackupId, parseBackupId, sidecarKey } from './backup-id.ts';
export {
  type BackupReadiness,
  type BackupService,
  createBackupService,
  type StoreReadiness,
} from './backup-service.ts';
export { type DrillRecord, type DrillResult, STATUS_FILE, type StoreKind } from './backup-status.ts';
export { assertPlainKey, type BackupStore, type StoredObject } from './backup-store.ts';
export type { AutoBackupOutcome, CreateOutcome, OffsiteOutcome } from './create-backup.ts';
export { type CurrentState, describeCurrentState } from './current-state.ts';
export type { DrillBroker } from './drill.ts';
export { BACKUP_FAULTS, BackupError, type BackupFault, REQUEST_FAULTS } from './errors.ts';
export type { BackupInfo, StoreListing } from './list-backups.ts';
export { createLocalStore } from './local-store.ts';
export {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupAccount,
  type BackupRecord,
  MANIFEST_FILE,
  type Manifest,
} from './manifest.ts';
export type { PruneOutcome } from './prune-backups.ts';
export type { RecoveryOutcome, RestoreOutcome, RestorePlan, RestoreRequest } from './restore-backup.ts';
export {
  planRetention,
  type RetentionCandidate,
  type RetentionDecision,
  type RetentionPolicy,
} from './retention.ts';
export { createS3Store, type S3StoreOptions } from './s3-store.ts';
export type { VerifyRequest, VerifyResult } from './verify-backups.ts';
