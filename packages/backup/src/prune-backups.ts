import type { BackupContext } from './backup-context.ts';
import { archiveKey, parseBackupId, sidecarKey } from './backup-id.ts';
import type { StoreKind } from './backup-status.ts';
import { BackupError } from './errors.ts';
import { listAll } from './list-backups.ts';
import { planRetention, type RetentionDecision } from './retention.ts';

/** An upload or a removal this old that left only half a backup behind is cleaned up by a prune. */
const ORPHAN_AGE_MS = 24 * 3_600_000;

/** What a prune did (or, dry, would do) in one store. */
export interface PruneOutcome {
  store: StoreKind;
  location: string;
  decisions: RetentionDecision[];
  /** Half backups (an archive without its record or the reverse) older than a day, removed too. */
  orphans: string[];
  error: string | null;
}

/**
 * Apply the retention policy to every store (`dryRun`: only say what would go). The newest verified backup
 * always stays. A backup's record is removed before its archive, so a half-removed backup is never listed as
 * complete.
 */
export async function pruneBackups(
  context: BackupContext,
  options: { dryRun: boolean },
): Promise<PruneOutcome[]> {
  const outcomes: PruneOutcome[] = [];
  for (const listing of await listAll(context)) {
    const base = { store: listing.store, location: listing.location };
    if (listing.error) {
      outcomes.push({ ...base, decisions: [], orphans: [], error: listing.error });
      continue;
    }
    const complete = listing.backups.filter((backup) => backup.complete);
    const decisions = planRetention(
      complete.map((backup) => ({
        id: backup.id,
        createdAt: backup.createdAt,
        verified: backup.verifiedAt !== null,
      })),
      context.retention,
    );
    const cutoff = context.now().getTime() - ORPHAN_AGE_MS;
    const orphans = listing.backups
      .filter((backup) => !backup.complete && Date.parse(parseBackupId(backup.id)?.createdAt ?? '') < cutoff)
      .map((backup) => backup.id);
    const store = context.storeOf(listing.store);
    if (!options.dryRun && store) {
      try {
        for (const decision of decisions.filter((d) => !d.keep)) {
          await store.delete(sidecarKey(decision.id));
          await store.delete(archiveKey(decision.id));
          context.emit({ type: 'backup-removed', store: listing.store, id: decision.id, reasons: [] });
        }
        for (const id of orphans) {
          await store.delete(sidecarKey(id));
          await store.delete(archiveKey(id));
        }
        const gone = new Set([...decisions.filter((d) => !d.keep).map((d) => d.id), ...orphans]);
        if (gone.size > 0)
          await context.updateStatus((status) => ({
            ...status,
            verified: {
              ...status.verified,
              [listing.store]: Object.fromEntries(
                Object.entries(status.verified[listing.store]).filter(([id]) => !gone.has(id)),
              ),
            },
          }));
      } catch (error) {
        if (!(error instanceof BackupError)) throw error;
        outcomes.push({ ...base, decisions, orphans, error: error.message });
        continue;
      }
    }
    outcomes.push({ ...base, decisions, orphans, error: null });
  }
  return outcomes;
}
