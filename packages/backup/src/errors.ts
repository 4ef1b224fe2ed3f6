/**
 * What is wrong with a backup or a backup operation. Integrity faults (the bytes are not what was written):
 * `archive-missing`, `truncated`, `size-mismatch`, `checksum-mismatch`, `unreadable-archive`, `bad-manifest`, `file-missing`,
 * `file-mismatch`, `unexpected-file`, `state-unusable`. Faults of the request: `not-found`, `wrong-account`,
 * `wrong-mode`, `older-than-state`, `busy`, `nothing-to-back-up`, `not-configured`. Faults of the place:
 * `store-unavailable`.
 */
export const BACKUP_FAULTS = [
  'not-found',
  'archive-missing',
  'truncated',
  'size-mismatch',
  'checksum-mismatch',
  'unreadable-archive',
  'bad-manifest',
  'file-missing',
  'file-mismatch',
  'unexpected-file',
  'wrong-account',
  'wrong-mode',
  'older-than-state',
  'state-unusable',
  'nothing-to-back-up',
  'busy',
  'not-configured',
  'store-unavailable',
] as const;

/** One thing that can be wrong with a backup. */
export type BackupFault = (typeof BACKUP_FAULTS)[number];

/** Faults that mean the request named the wrong thing (fix the command), not that something broke. */
export const REQUEST_FAULTS: ReadonlySet<BackupFault> = new Set<BackupFault>([
  'not-found',
  'wrong-account',
  'wrong-mode',
  'older-than-state',
  'nothing-to-back-up',
  'not-configured',
]);

/** A backup cannot be trusted or the operation cannot go on; the message names the fault and the fix. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  readonly fault: BackupFault;
  /** The backup it is about, when there is one. */
  readonly backupId: string | null;
  /** `local` or `s3`, when it is about one store. */
  readonly store: string | null;

  constructor(
    fault: BackupFault,
    message: string,
    options: { backupId?: string | null; store?: string | null; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.fault = fault;
    this.backupId = options.backupId ?? null;
    this.store = options.store ?? null;
  }
}
