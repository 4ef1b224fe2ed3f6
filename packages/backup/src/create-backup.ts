import type { BackupContext } from './backup-context.ts';
import { archiveKey, newBackupId, sidecarKey } from './backup-id.ts';
import type { StoreKind } from './backup-status.ts';
import type { BackupStore } from './backup-store.ts';
import { type BuiltBackup, buildArchive } from './build-archive.ts';
import { BackupError } from './errors.ts';
import { listStore } from './list-backups.ts';
import type { BackupRecord } from './manifest.ts';
import { takeSnapshot } from './snapshot.ts';
import { describeAccount, verifyFully } from './verify-backup.ts';

/** Where the off-site copy of a new backup stands. */
export type OffsiteOutcome =
  | { kind: 'stored'; location: string }
  | { kind: 'queued'; location: string; reason: string; pending: number }
  | { kind: 'not-configured' };

/** A backup taken: its record, the local copy (always verified) and the off-site copy. */
export interface CreateOutcome {
  kind: 'created';
  record: BackupRecord;
  local: { location: string; verifiedAt: string };
  offsite: OffsiteOutcome;
}

/** Store the archive, then its record (which makes the backup complete), then read both back and verify. */
async function storeAndVerify(
  context: BackupContext,
  kind: StoreKind,
  store: BackupStore,
  built: BuiltBackup,
) {
  const { id } = built.record;
  await store.put(archiveKey(id), built.archive);
  await store.put(sidecarKey(id), Buffer.from(`${JSON.stringify(built.record, null, 2)}\n`));
  await verifyFully(store, id, context.owner);
  const at = context.now().toISOString();
  const status = await context.updateStatus((current) => ({
    ...current,
    verified: { ...current.verified, [kind]: { ...current.verified[kind], [id]: at } },
    lastSuccess: { ...current.lastSuccess, [kind]: at },
    pendingOffsite:
      kind === 's3' ? current.pendingOffsite.filter((pending) => pending !== id) : current.pendingOffsite,
  }));
  context.emit({
    type: 'backup-stored',
    store: kind,
    id,
    seq: built.record.seq,
    bytes: built.record.archive.bytes,
    at,
    pendingOffsite: status.pendingOffsite.length,
  });
  return at;
}

async function recordFailure(
  context: BackupContext,
  kind: StoreKind,
  id: string | null,
  error: unknown,
  queue: boolean,
) {
  const at = context.now().toISOString();
  const message = error instanceof Error ? error.message : String(error);
  const status = await context.updateStatus((current) => ({
    ...current,
    lastFailure: { ...current.lastFailure, [kind]: { at, message } },
    pendingOffsite:
      queue && id !== null && !current.pendingOffsite.includes(id)
        ? [...current.pendingOffsite, id]
        : current.pendingOffsite,
  }));
  context.emit({ type: 'backup-failed', store: kind, id, error, at });
  if (queue && id !== null)
    context.emit({ type: 'offsite-queued', id, pending: status.pendingOffsite.length });
  return status;
}

/**
 * Take a backup now: a consistent snapshot under the update lock, packed with its manifest, stored and verified
 * locally (a failure there throws), then uploaded off-site and verified (a failure there is queued for a retry
 * and reported, never thrown). Earlier failed uploads are retried after a successful one.
 */
export async function createBackup(context: BackupContext): Promise<CreateOutcome> {
  let built: BuiltBackup;
  try {
    const snapshot = await takeSnapshot(context.store, context.stateDir, context.files);
    const { binding } = snapshot;
    const { account } = context.owner;
    if (binding && (binding.venue !== account.venue || binding.accountId !== account.accountId)) {
      throw new BackupError(
        'wrong-account',
        `the state in ${context.stateDir} belongs to ${describeAccount(binding)}, not ${describeAccount(account)}; check the API keys and paths.stateDir`,
      );
    }
    const createdAt = context.now();
    built = await buildArchive(
      snapshot,
      {
        id: newBackupId(createdAt, snapshot.seq),
        createdAt: createdAt.toISOString(),
        mode: context.owner.mode,
        account: { venue: account.venue, accountId: account.accountId },
        host: context.host,
        appVersion: context.appVersion,
      },
      context.localRoot,
    );
  } catch (error) {
    if (
      !(
        error instanceof BackupError &&
        (error.fault === 'nothing-to-back-up' || error.fault === 'wrong-account')
      )
    ) {
      await recordFailure(context, 'local', null, error, false).catch(() => {});
    }
    throw error;
  }
  const local = context.storeOf('local');
  if (!local) throw new Error('the local store is always configured');
  let verifiedAt: string;
  try {
    verifiedAt = await storeAndVerify(context, 'local', local, built);
  } catch (error) {
    await recordFailure(context, 'local', built.record.id, error, false).catch(() => {});
    throw error;
  }
  const s3 = context.storeOf('s3');
  let offsite: OffsiteOutcome = { kind: 'not-configured' };
  if (s3) {
    try {
      await storeAndVerify(context, 's3', s3, built);
      offsite = { kind: 'stored', location: s3.location };
      await retryOffsite(context);
    } catch (error) {
      const status = await recordFailure(context, 's3', built.record.id, error, true);
      const reason = error instanceof Error ? error.message : String(error);
      offsite = { kind: 'queued', location: s3.location, reason, pending: status.pendingOffsite.length };
    }
  }
  return { kind: 'created', record: built.record, local: { location: local.location, verifiedAt }, offsite };
}

/** Upload the backups whose off-site copy failed earlier (those still kept locally); stops at the first failure. */
export async function retryOffsite(
  context: BackupContext,
): Promise<{ uploaded: string[]; pending: string[] }> {
  const s3 = context.storeOf('s3');
  const local = context.storeOf('local');
  const status = await context.status.read();
  if (!s3 || !local || status.pendingOffsite.length === 0)
    return { uploaded: [], pending: status.pendingOffsite };
  const uploaded: string[] = [];
  for (const id of status.pendingOffsite) {
    let built: BuiltBackup;
    try {
      const verified = await verifyFully(local, id, context.owner);
      const archive = await local.get(archiveKey(id));
      if (!archive) throw new BackupError('archive-missing', `${id} is gone locally`);
      built = { archive, record: verified.record, manifest: verified.manifest };
    } catch {
      // Pruned or damaged locally: nothing left to upload.
      await context.updateStatus((current) => ({
        ...current,
        pendingOffsite: current.pendingOffsite.filter((pending) => pending !== id),
      }));
      continue;
    }
    try {
      await storeAndVerify(context, 's3', s3, built);
      uploaded.push(id);
    } catch (error) {
      await recordFailure(context, 's3', id, error, true);
      break;
    }
  }
  return { uploaded, pending: (await context.status.read()).pendingOffsite };
}

/** What `createIfChanged` did: a new backup, or nothing because the newest one already holds this state. */
export type AutoBackupOutcome = CreateOutcome | { kind: 'unchanged'; seq: number; newestId: string };

/** Back up only when the state moved past the newest local backup (after a cycle, on the schedule). */
export async function createIfChanged(context: BackupContext): Promise<AutoBackupOutcome> {
  const local = context.storeOf('local');
  const state = await context.store.load();
  if (local && state) {
    const listing = await listStore('local', local, await context.status.read());
    const newest = listing.backups.find((backup) => backup.complete);
    if (newest && newest.seq >= state.seq) {
      await retryOffsite(context);
      return { kind: 'unchanged', seq: state.seq, newestId: newest.id };
    }
  }
  return createBackup(context);
}
