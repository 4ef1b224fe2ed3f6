import type { BackupContext } from './backup-context.ts';
import { parseBackupId, parseObjectKey } from './backup-id.ts';
import type { BackupStatus, StoreKind } from './backup-status.ts';
import type { BackupStore } from './backup-store.ts';
import { BackupError } from './errors.ts';

/** One backup as a listing shows it, without downloading anything. */
export interface BackupInfo {
  id: string;
  store: StoreKind;
  location: string;
  createdAt: string;
  /** The seq of the backed-up state. */
  seq: number;
  /** The archive's size in the store, null when the archive is missing. */
  bytes: number | null;
  /** Both the archive and its record are there (an upload in progress or a half-deleted backup is not). */
  complete: boolean;
  /** When its bytes were last read back and checked, null when never. */
  verifiedAt: string | null;
}

/** The backups of one store, newest first, or why it could not be listed. */
export interface StoreListing {
  store: StoreKind;
  location: string;
  backups: BackupInfo[];
  error: string | null;
}

/** List one store: every backup id found in it, from the object names alone. */
export async function listStore(
  kind: StoreKind,
  store: BackupStore,
  status: BackupStatus,
): Promise<StoreListing> {
  let objects: Awaited<ReturnType<BackupStore['list']>>;
  try {
    objects = await store.list();
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    return { store: kind, location: store.location, backups: [], error: error.message };
  }
  const byId = new Map<string, { bytes: number | null; record: boolean }>();
  for (const object of objects) {
    const parsed = parseObjectKey(object.key);
    if (!parsed) continue;
    const entry = byId.get(parsed.id) ?? { bytes: null, record: false };
    if (parsed.kind === 'archive') entry.bytes = object.bytes;
    else entry.record = true;
    byId.set(parsed.id, entry);
  }
  const backups = [...byId.entries()].flatMap(([id, entry]): BackupInfo[] => {
    const parsed = parseBackupId(id);
    if (!parsed) return [];
    return [
      {
        id,
        store: kind,
        location: store.location,
        ...parsed,
        bytes: entry.bytes,
        complete: entry.bytes !== null && entry.record,
        verifiedAt: status.verified[kind][id] ?? null,
      },
    ];
  });
  backups.sort((a, b) => b.id.localeCompare(a.id));
  return { store: kind, location: store.location, backups, error: null };
}

/** Every configured store's listing, local first. */
export async function listAll(context: BackupContext): Promise<StoreListing[]> {
  const status = await context.status.read();
  return Promise.all(context.stores.map(({ kind, store }) => listStore(kind, store, status)));
}
