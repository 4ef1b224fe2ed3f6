import { type BackupServiceOptions, openBackupContext } from './backup-context.ts';
import type { BackupStatus, DrillRecord, StoreKind } from './backup-status.ts';
import {
  type AutoBackupOutcome,
  type CreateOutcome,
  createBackup,
  createIfChanged,
  retryOffsite,
} from './create-backup.ts';
import { type DrillBroker, drillOne } from './drill.ts';
import { type BackupInfo, listAll, type StoreListing } from './list-backups.ts';
import { type PruneOutcome, pruneBackups } from './prune-backups.ts';
import {
  planRestore,
  type RecoveryOutcome,
  type RestoreOutcome,
  type RestorePlan,
  type RestoreRequest,
  recoverState,
  restoreBackup,
} from './restore-backup.ts';
import { type VerifyRequest, type VerifyResult, verifyBackups } from './verify-backups.ts';

/** One store's part of the readiness: its newest backup, its newest verified one, and its last outcomes. */
export interface StoreReadiness {
  store: StoreKind;
  location: string;
  newest: BackupInfo | null;
  newestVerified: BackupInfo | null;
  lastSuccess: string | null;
  lastFailure: { at: string; message: string } | null;
  /** Why the store could not be listed, or null. */
  error: string | null;
}

/**
 * What the health check, the dashboard and the live gate read: a recent verified backup locally and off-site,
 * uploads still owed, and the last restore drill.
 */
export interface BackupReadiness {
  local: StoreReadiness;
  /** Null when no off-site store is configured. */
  offsite: StoreReadiness | null;
  pendingOffsite: string[];
  lastDrill: DrillRecord | null;
}

/** Backups of one state directory: create, list, verify, restore, prune, drill, and the facts about them. */
export interface BackupService {
  /** Take a backup now (locally, verified; off-site, or queued for a retry). */
  create(): Promise<CreateOutcome>;
  /** Take a backup only when the state moved past the newest one (after a cycle, on a schedule); retries uploads. */
  createIfChanged(): Promise<AutoBackupOutcome>;
  /** Upload the backups whose off-site copy failed earlier. */
  retryOffsite(): Promise<{ uploaded: string[]; pending: string[] }>;
  list(): Promise<StoreListing[]>;
  verify(request: VerifyRequest): Promise<VerifyResult[]>;
  /** Verify the backup a restore would use and say what it would do (`--dry-run`); touches nothing. */
  planRestore(request: RestoreRequest): Promise<RestorePlan>;
  /** Restore under the rebalance lock (`lockHeld` when the caller holds it already, e.g. inside a cycle). */
  restore(request: RestoreRequest & { lockHeld?: boolean }): Promise<RestoreOutcome>;
  /** Automatic recovery of an unreadable state, the rebalance lock held by the caller: the newest backup that verifies. */
  recover(): Promise<RecoveryOutcome>;
  prune(options: { dryRun: boolean }): Promise<PruneOutcome[]>;
  /**
   * Restore the newest backup of each store into a scratch directory, load it, reconcile it read-only with the
   * broker, and record the result (the "last verified restore").
   */
  drill(broker: DrillBroker, isOwnOrder: (clientOrderId: string) => boolean): Promise<DrillRecord>;
  readiness(): Promise<BackupReadiness>;
}

/** Create the backup service; nothing is read or written until a method is called. */
export function createBackupService(options: BackupServiceOptions): BackupService {
  const open = () => openBackupContext(options);
  return {
    create: async () => createBackup(await open()),
    createIfChanged: async () => createIfChanged(await open()),
    retryOffsite: async () => retryOffsite(await open()),
    list: async () => listAll(await open()),
    verify: async (request) => verifyBackups(await open(), request),
    planRestore: async (request) => planRestore(await open(), request),
    restore: async (request) => restoreBackup(await open(), request),
    recover: async () => recoverState(await open()),
    prune: async (pruneOptions) => pruneBackups(await open(), pruneOptions),
    async drill(broker, isOwnOrder) {
      const context = await open();
      const listings = await listAll(context);
      const results = [];
      for (const { kind, store } of context.stores) {
        const newest = listings
          .find((listing) => listing.store === kind)
          ?.backups.find((backup) => backup.complete);
        results.push(
          await drillOne(store, kind, newest?.id ?? null, {
            owner: context.owner,
            broker,
            isOwnOrder,
            workDir: context.localRoot,
          }),
        );
      }
      const record: DrillRecord = {
        at: context.now().toISOString(),
        ok: results.every((r) => r.ok),
        results,
      };
      await context.updateStatus((status) => ({ ...status, lastDrill: record }));
      context.emit({ type: 'drill-finished', record });
      return record;
    },
    async readiness() {
      const context = await open();
      const [listings, status] = await Promise.all([listAll(context), context.status.read()]);
      const of = (kind: StoreKind): StoreReadiness | null => {
        const listing = listings.find((candidate) => candidate.store === kind);
        if (!listing) return null;
        return storeReadiness(listing, status, kind);
      };
      const local = of('local');
      if (!local) throw new Error('the local store is always configured');
      return { local, offsite: of('s3'), pendingOffsite: status.pendingOffsite, lastDrill: status.lastDrill };
    },
  };
}

function storeReadiness(listing: StoreListing, status: BackupStatus, kind: StoreKind): StoreReadiness {
  const complete = listing.backups.filter((backup) => backup.complete);
  return {
    store: kind,
    location: listing.location,
    newest: complete[0] ?? null,
    newestVerified: complete.find((backup) => backup.verifiedAt !== null) ?? null,
    lastSuccess: status.lastSuccess[kind],
    lastFailure: status.lastFailure[kind],
    error: listing.error,
  };
}
