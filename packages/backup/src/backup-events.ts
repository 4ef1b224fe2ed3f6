import type { DrillRecord, StoreKind } from './backup-status.ts';

/** What the backup service reports; the apps turn these into logs, metrics and alerts. */
export type BackupEvent =
  /** A backup stored and verified; `pendingOffsite` is how many off-site uploads are still owed. */
  | {
      type: 'backup-stored';
      store: StoreKind;
      id: string;
      seq: number;
      bytes: number;
      at: string;
      pendingOffsite: number;
    }
  | { type: 'backup-failed'; store: StoreKind; id: string | null; error: unknown; at: string }
  /** An off-site upload failed and waits for the next attempt. */
  | { type: 'offsite-queued'; id: string; pending: number }
  | { type: 'backup-removed'; store: StoreKind; id: string; reasons: string[] }
  | { type: 'restored'; store: StoreKind; id: string; seq: number; asideDir: string | null }
  | { type: 'drill-finished'; record: DrillRecord }
  | { type: 'status-unreadable'; path: string; error: unknown };

/** Receives backup events. */
export type OnBackupEvent = (event: BackupEvent) => void;
