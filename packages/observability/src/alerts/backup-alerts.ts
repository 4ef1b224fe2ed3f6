import type { Alert } from './alert.ts';

/** The key backup problems fire under; the next backup that succeeds everywhere resolves it. */
export const BACKUP_ALERT_KEY = 'backup';

/** A backup could not be stored or verified: locally (no new backup at all) or off-site (queued for a retry). */
export function backupFailedAlert(input: {
  store: 'local' | 's3';
  message: string;
  pendingUploads: number;
  at: string;
  mode: string;
}): Alert {
  const offsite = input.store === 's3';
  return {
    key: BACKUP_ALERT_KEY,
    kind: 'check-failing',
    severity: offsite ? 'warning' : 'critical',
    title: offsite
      ? `The off-site backup upload failed; ${input.pendingUploads} upload(s) wait for a retry`
      : 'A local backup failed: the newest state is not backed up',
    impact: offsite
      ? 'Trading goes on and the local backups are current, but a lost machine could only be rebuilt from an older off-site copy.'
      : 'Trading goes on, but a corrupt or lost state could only be restored from an older backup.',
    action: offsite
      ? 'Check the network and the AWS credentials; the next backup retries the upload, or run `dalio backup create` now.'
      : 'Check the disk and the owner of backup.local.dir, then run `dalio backup create`.',
    details: [input.message],
    at: input.at,
    mode: input.mode,
  };
}

/** Backups succeed again everywhere: closes an earlier backup alert (sent only if one was firing). */
export function backupResolvedAlert(input: { id: string; at: string; mode: string }): Alert {
  return {
    key: BACKUP_ALERT_KEY,
    kind: 'resolved',
    severity: 'info',
    title: `Backups succeed again (backup ${input.id} stored and verified everywhere)`,
    impact: 'The newest state is backed up locally and off-site again.',
    action: 'Nothing to do; `dalio backup list` shows the backups.',
    details: [],
    at: input.at,
    mode: input.mode,
  };
}

/** A cycle found the state unreadable and restored it from a verified backup before trading. */
export function stateRestoredAlert(input: {
  backupId: string;
  location: string;
  seq: number;
  problem: string;
  notes: string[];
  at: string;
  mode: string;
}): Alert {
  return {
    key: 'state-restored',
    kind: 'state-corrupt',
    severity: 'warning',
    title: `The state was unreadable and was restored from backup ${input.backupId} (seq ${input.seq})`,
    impact:
      'The cycle went on after reconciling with the broker by client order id: orders placed after the backup were adopted, none placed twice.',
    action:
      'Check `dalio status` and `dalio status --broker`; the damaged files are kept beside the state (state.json.corrupt-*). Find out why the state broke (disk, power).',
    details: [`problem: ${input.problem}`, `restored from ${input.location}`, ...input.notes],
    at: input.at,
    mode: input.mode,
  };
}
