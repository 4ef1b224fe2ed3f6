import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { RebalanceLock, StateStore } from '@dalio-lite/state';
import type { OnBackupEvent } from './backup-events.ts';
import { STATE_BACKUP_FILES } from './backup-files.ts';
import {
  type BackupStatus,
  type BackupStatusFile,
  createBackupStatusFile,
  type StoreKind,
} from './backup-status.ts';
import type { BackupStore } from './backup-store.ts';
import { createLocalStore } from './local-store.ts';
import type { BackupAccount } from './manifest.ts';
import type { RetentionPolicy } from './retention.ts';
import { createS3Store, type S3StoreOptions } from './s3-store.ts';
import type { BackupOwner } from './verify-backup.ts';

/** Everything the backup service is built from; apps fill it from the config. */
export interface BackupServiceOptions {
  stateDir: string;
  /** The state store of this process: its update lock makes snapshots consistent and restores atomic. */
  store: StateStore;
  /** The rebalance lock of the state directory: a restore holds it, so no cycle runs meanwhile. */
  rebalanceLock: Pick<RebalanceLock, 'acquire'>;
  mode: 'paper' | 'live';
  /** The local backup directory; each account's backups go in `<localDir>/<accountId>/`. */
  localDir: string;
  /** The bucket, or null for local backups only; the account id is appended to `prefix`. */
  s3: S3StoreOptions | null;
  retention: RetentionPolicy;
  /**
   * Whose backups these are: the account the state is bound to, or — before the first cycle, on a fresh host, or
   * when the state is unreadable — the broker's. Backups of any other account or mode are refused.
   */
  account(): Promise<BackupAccount>;
  /** The app version written into each manifest. */
  appVersion: string;
  /** The state files a backup holds (default `STATE_BACKUP_FILES`). */
  files?: readonly string[];
  host?: string;
  now?: () => Date;
  onEvent?: OnBackupEvent;
}

/** The stores, status and owner of one operation, resolved once. */
export interface BackupContext {
  stateDir: string;
  store: StateStore;
  rebalanceLock: Pick<RebalanceLock, 'acquire'>;
  owner: BackupOwner;
  files: readonly string[];
  retention: RetentionPolicy;
  host: string;
  appVersion: string;
  now: () => Date;
  emit: OnBackupEvent;
  /** This account's local directory (backups, status, scratch space). */
  localRoot: string;
  stores: { kind: StoreKind; store: BackupStore }[];
  storeOf(kind: StoreKind): BackupStore | null;
  status: BackupStatusFile;
  /** Change the status under the state's update lock, so processes do not lose each other's updates. */
  updateStatus(change: (current: BackupStatus) => BackupStatus): Promise<BackupStatus>;
}

/** Keep only characters that are safe in a path segment and an S3 key. */
function segment(accountId: string): string {
  return accountId.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Resolve the owner and open its stores (nothing is read or written yet). */
export async function openBackupContext(options: BackupServiceOptions): Promise<BackupContext> {
  const account = await options.account();
  const emit = options.onEvent ?? (() => {});
  const localRoot = join(options.localDir, segment(account.accountId));
  const local = createLocalStore(localRoot);
  const s3 = options.s3
    ? createS3Store({
        ...options.s3,
        prefix: `${withSlash(options.s3.prefix)}${segment(account.accountId)}/`,
      })
    : null;
  const stores = [
    { kind: 'local' as const, store: local },
    ...(s3 ? [{ kind: 's3' as const, store: s3 }] : []),
  ];
  const status = createBackupStatusFile(localRoot, emit);
  return {
    stateDir: options.stateDir,
    store: options.store,
    rebalanceLock: options.rebalanceLock,
    owner: { mode: options.mode, account },
    files: options.files ?? STATE_BACKUP_FILES,
    retention: options.retention,
    host: options.host ?? hostname(),
    appVersion: options.appVersion,
    now: options.now ?? (() => new Date()),
    emit,
    localRoot,
    stores,
    storeOf: (kind) => stores.find((entry) => entry.kind === kind)?.store ?? null,
    status,
    updateStatus: async (change) => {
      // The status lives in the local directory, which may not exist yet.
      await mkdir(localRoot, { recursive: true, mode: 0o700 });
      return options.store.withUpdateLock(() => status.update(change));
    },
  };
}

function withSlash(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}
