import type { BackupContext } from './backup-context.ts';
import type { StoreKind } from './backup-status.ts';
import { type CurrentState, currentState, describeCurrentState } from './current-state.ts';
import { BackupError } from './errors.ts';
import { type BackupInfo, listAll } from './list-backups.ts';
import { swapInBackup } from './swap-state.ts';
import { type VerifiedBackup, verifyFully } from './verify-backup.ts';

/** Which backup to restore: an id or the newest that verifies, from one store or local then S3. */
export interface RestoreRequest {
  id: string | 'latest';
  from?: StoreKind;
  /** Restore a backup older than the current state (its later writes are forgotten; the broker's orders are adopted). */
  force?: boolean;
}

/** What a restore will do, fully verified, before anything is touched (`--dry-run` prints it). */
export interface RestorePlan {
  backup: { id: string; store: StoreKind; location: string; createdAt: string; seq: number; files: string[] };
  current: CurrentState;
  /** Newer backups passed over because they did not verify, one line each. */
  skipped: string[];
  steps: string[];
}

/** A restore done: the plan, the state's seq now, and where the replaced files were kept. */
export interface RestoreOutcome {
  kind: 'restored';
  plan: RestorePlan;
  seq: number;
  asideDir: string | null;
}

/** What automatic recovery did: restored the newest backup that verifies, or found none (each one tried, why). */
export type RecoveryOutcome = RestoreOutcome | { kind: 'nothing-verifies'; tried: string[] };

interface Chosen {
  plan: RestorePlan;
  backup: VerifiedBackup;
}

/** The candidates of a request, newest first (local before S3 for the same id), and the stores that did not answer. */
async function candidates(
  context: BackupContext,
  request: RestoreRequest,
): Promise<{ backups: BackupInfo[]; unreachable: string[] }> {
  const listings = await listAll(context);
  const usable = listings.filter((listing) => request.from === undefined || listing.store === request.from);
  if (request.from !== undefined && usable.length === 0) {
    throw new BackupError(
      'not-configured',
      `--from ${request.from}: no ${request.from} store is configured (backup.s3)`,
    );
  }
  const unreachable = usable.filter((listing) => listing.error !== null);
  const all = usable.flatMap((listing) => listing.backups);
  const wanted =
    request.id === 'latest'
      ? all.filter((backup) => backup.complete)
      : all.filter((b) => b.id === request.id);
  if (wanted.length === 0) {
    const where = usable.map((listing) => listing.location).join(' and ');
    const why = unreachable.map((listing) => `; ${listing.error}`).join('');
    const what = request.id === 'latest' ? 'no complete backup' : `no backup ${request.id}`;
    throw new BackupError(
      'not-found',
      `${what} in ${where}${why}; \`dalio backup list\` shows what there is`,
      {
        backupId: request.id === 'latest' ? null : request.id,
      },
    );
  }
  const rank = (store: StoreKind) => (store === 'local' ? 0 : 1);
  return {
    backups: wanted.sort((a, b) => b.id.localeCompare(a.id) || rank(a.store) - rank(b.store)),
    unreachable: unreachable.flatMap((listing) => (listing.error ? [listing.error] : [])),
  };
}

/** Verify candidates newest first and take the first good one; an explicit id must verify itself. */
async function choose(
  context: BackupContext,
  request: RestoreRequest,
  current: CurrentState,
): Promise<Chosen> {
  const skipped: string[] = [];
  let lastError: unknown = null;
  for (const candidate of (await candidates(context, request)).backups) {
    const store = context.storeOf(candidate.store);
    if (!store) continue;
    try {
      const backup = await verifyFully(store, candidate.id, context.owner);
      return { backup, plan: planFor(context, candidate, backup, current, skipped, request.force ?? false) };
    } catch (error) {
      if (!(error instanceof BackupError) || request.id !== 'latest') throw error;
      lastError = error;
      skipped.push(error.message);
    }
  }
  throw lastError ?? new BackupError('not-found', 'no backup verifies');
}

function planFor(
  context: BackupContext,
  candidate: BackupInfo,
  backup: VerifiedBackup,
  current: CurrentState,
  skipped: string[],
  force: boolean,
): RestorePlan {
  const { seq } = backup.manifest;
  if (current.kind === 'ok' && seq < current.seq && !force) {
    throw new BackupError(
      'older-than-state',
      `backup ${candidate.id} has seq ${seq}, older than the current state's seq ${current.seq} (written ${current.writtenAt}); restoring it would forget ${current.seq - seq} later writes: repeat with --force if that is what you want`,
      { backupId: candidate.id, store: candidate.store },
    );
  }
  const files = [...backup.files.keys()].sort();
  return {
    backup: {
      id: candidate.id,
      store: candidate.store,
      location: candidate.location,
      createdAt: backup.manifest.createdAt,
      seq,
      files,
    },
    current,
    skipped,
    steps: [
      `verified backup ${candidate.id} from ${candidate.location}: ${files.length} files, every sha256, account ${backup.manifest.account.accountId} (${context.owner.mode})`,
      `the current state is ${describeCurrentState(current)}`,
      `take the rebalance lock of ${context.stateDir}, so no cycle runs meanwhile`,
      `write the backup into a temporary directory beside ${context.stateDir} and check that it loads (seq ${seq})`,
      `keep the current ${files.join(', ')} aside in ${context.stateDir}.before-restore-<time>/`,
      'rename the restored files in (state.json last) and accept the restored state, lifting any quarantine',
      'the next cycle reconciles with the broker by client order id and adopts orders placed after the backup',
    ],
  };
}

async function swap(context: BackupContext, chosen: Chosen): Promise<RestoreOutcome> {
  const { plan, backup } = chosen;
  const outcome = await swapInBackup(context.store, context.stateDir, backup, context.files, context.now());
  context.emit({
    type: 'restored',
    store: plan.backup.store,
    id: plan.backup.id,
    seq: outcome.seq,
    asideDir: outcome.asideDir,
  });
  return { kind: 'restored', plan, seq: outcome.seq, asideDir: outcome.asideDir };
}

/** Verify the chosen backup and say what a restore would do; nothing is touched. */
export async function planRestore(context: BackupContext, request: RestoreRequest): Promise<RestorePlan> {
  return (await choose(context, request, await currentState(context.store))).plan;
}

/**
 * Restore: verify everything first, then — holding the rebalance lock unless the caller already does — swap the
 * backup in (see `swapInBackup`). Refuses another account or mode, and an older seq than the current state's
 * unless `force`.
 */
export async function restoreBackup(
  context: BackupContext,
  request: RestoreRequest & { lockHeld?: boolean },
): Promise<RestoreOutcome> {
  const run = async () => swap(context, await choose(context, request, await currentState(context.store)));
  if (request.lockHeld) return run();
  const attempt = await context.rebalanceLock.acquire({ wait: false });
  if (attempt.kind === 'busy') {
    const who = attempt.holder
      ? ` in process ${attempt.holder.pid} on ${attempt.holder.hostname} since ${attempt.holder.acquiredAt}`
      : '';
    throw new BackupError(
      'busy',
      `a rebalance is in progress${who}; nothing was restored, run the restore again when it has finished`,
    );
  }
  try {
    return await run();
  } finally {
    await attempt.lock.release();
  }
}

/**
 * Automatic recovery of an unreadable state (the caller holds the rebalance lock): the newest backup that
 * verifies, local before S3 for the same backup, whatever its seq (the current state cannot be trusted).
 */
export async function recoverState(context: BackupContext): Promise<RecoveryOutcome> {
  let listed: Awaited<ReturnType<typeof candidates>>;
  try {
    listed = await candidates(context, { id: 'latest' });
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    return { kind: 'nothing-verifies', tried: [error.message] };
  }
  const tried = [...listed.unreachable];
  for (const candidate of listed.backups) {
    const store = context.storeOf(candidate.store);
    if (!store) continue;
    try {
      const backup = await verifyFully(store, candidate.id, context.owner);
      const current = await currentState(context.store);
      const plan = planFor(context, candidate, backup, current, tried, true);
      return await swap(context, { plan, backup });
    } catch (error) {
      if (!(error instanceof BackupError)) throw error;
      tried.push(error.message);
    }
  }
  return { kind: 'nothing-verifies', tried };
}
