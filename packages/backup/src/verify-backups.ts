import type { BackupContext } from './backup-context.ts';
import type { StoreKind } from './backup-status.ts';
import { BackupError } from './errors.ts';
import { listAll } from './list-backups.ts';
import { checkListing, verifyFully } from './verify-backup.ts';

/** Which backups to check, and how deeply. */
export interface VerifyRequest {
  /** One backup; without it, the newest of each store (or every one with `all`). */
  id?: string;
  all?: boolean;
  /** Download every archive and check every checksum (restic `--read-data`); otherwise the listing and sizes. */
  readData: boolean;
  from?: StoreKind;
}

/** The verdict on one backup (or on a store that could not be listed: `id` null). */
export interface VerifyResult {
  store: StoreKind;
  location: string;
  id: string | null;
  ok: boolean;
  /** What was checked, or the fault and its fix. */
  detail: string;
  fault: BackupError['fault'] | null;
}

/** Verify backups; a backup verified with `readData` is recorded as verified (retention keeps the newest such). */
export async function verifyBackups(context: BackupContext, request: VerifyRequest): Promise<VerifyResult[]> {
  const results: VerifyResult[] = [];
  const listings = (await listAll(context)).filter(
    (listing) => !request.from || listing.store === request.from,
  );
  for (const listing of listings) {
    const base = { store: listing.store, location: listing.location };
    if (listing.error) {
      results.push({ ...base, id: null, ok: false, detail: listing.error, fault: 'store-unavailable' });
      continue;
    }
    const ids = request.id
      ? listing.backups.filter((backup) => backup.id === request.id)
      : request.all
        ? listing.backups
        : listing.backups.slice(0, 1);
    const store = context.storeOf(listing.store);
    if (!store) continue;
    for (const backup of ids) {
      try {
        if (request.readData) {
          const verified = await verifyFully(store, backup.id, context.owner);
          const at = context.now().toISOString();
          await context.updateStatus((status) => ({
            ...status,
            verified: {
              ...status.verified,
              [listing.store]: { ...status.verified[listing.store], [backup.id]: at },
            },
          }));
          results.push({
            ...base,
            id: backup.id,
            ok: true,
            detail: `${verified.manifest.files.length} files and the archive match every sha256`,
            fault: null,
          });
        } else {
          await checkListing(store, backup.id, context.owner, backup.bytes);
          results.push({
            ...base,
            id: backup.id,
            ok: true,
            detail: `record and archive present, ${backup.bytes} bytes as recorded`,
            fault: null,
          });
        }
      } catch (error) {
        if (!(error instanceof BackupError)) throw error;
        results.push({ ...base, id: backup.id, ok: false, detail: error.message, fault: error.fault });
      }
    }
  }
  if (request.id && !results.some((result) => result.id === request.id)) {
    throw new BackupError(
      'not-found',
      `no backup ${request.id} in ${listings.map((l) => l.location).join(' or ')}; \`dalio backup list\` shows what there is`,
      { backupId: request.id },
    );
  }
  return results;
}
