import { BackupError, isBackupId, type RestoreOutcome, type StoreKind } from '@dalio-lite/backup';
import { adoptUnknownOrders, isOwnClientOrderId } from '@dalio-lite/engine';
import { createRebalanceLock } from '@dalio-lite/state';
import {
  describeCreate,
  describeDrill,
  describeListings,
  describePlan,
  describePrune,
  describeVerify,
} from '../backup-report-text.ts';
import { loadCliConfig } from '../cli-config.ts';
import { CliError, CommandFailedError, EXIT } from '../cli-error.ts';
import { lockStaleMsFromEnv } from '../crash-injection.ts';
import { printJson } from '../output.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import type { CommandContext } from './index.ts';

interface CommonFlags {
  json?: boolean;
  config?: string;
}

function fromFlag(value: string | undefined): StoreKind | undefined {
  if (value === undefined) return undefined;
  if (value === 'local' || value === 's3') return value;
  throw new CliError(`--from ${value}: use local or s3`);
}

function idArgument(id: string | undefined, allowLatest: boolean): string | undefined {
  if (id === undefined || (allowLatest && id === 'latest') || isBackupId(id)) return id;
  throw new CliError(
    `"${id}" is not a backup id (like 20250303T150405Z-s000042-a1b2c3)${allowLatest ? ' or latest' : ''}; \`dalio backup list\` shows them`,
  );
}

/** The runtime of a backup command, with the lock's stale time a crash test may shorten. */
async function open(context: CommandContext, flags: CommonFlags): Promise<Runtime> {
  return createRuntime(await loadCliConfig(context, flags.config), {
    env: context.env,
    lockStaleMs: lockStaleMsFromEnv(context.env),
  });
}

/** Run `dalio backup create` (imported when the command runs; its options and help are in backup-command.ts). */
export async function runBackupCreateCommand(context: CommandContext, flags: CommonFlags): Promise<void> {
  const runtime = await open(context, flags);
  const outcome = await runtime.backups.create();
  if (outcome.offsite.kind === 'queued') context.result.exitCode = EXIT.failure;
  if (flags.json) printJson(context.output, outcome);
  else context.output.stdout(describeCreate(outcome));
}

/** Run `dalio backup list` (imported when the command runs; its options and help are in backup-command.ts). */
export async function runBackupListCommand(context: CommandContext, flags: CommonFlags): Promise<void> {
  const listings = await (await open(context, flags)).backups.list();
  if (listings.some((listing) => listing.error)) context.result.exitCode = EXIT.failure;
  if (flags.json) printJson(context.output, listings);
  else context.output.stdout(describeListings(listings));
}

/** Run `dalio backup verify` (imported when the command runs; its options and help are in backup-command.ts). */
export async function runBackupVerifyCommand(
  context: CommandContext,
  id: string | undefined,
  flags: CommonFlags & { all?: boolean; readData?: boolean; from?: string },
): Promise<void> {
  const from = fromFlag(flags.from);
  const runtime = await open(context, flags);
  const readData = flags.readData ?? false;
  const results = await runtime.backups.verify({
    ...(idArgument(id, false) ? { id } : {}),
    all: flags.all ?? false,
    readData,
    ...(from ? { from } : {}),
  });
  const failed = results.find((result) => !result.ok);
  if (id && failed && !flags.json) {
    throw new BackupError(failed.fault ?? 'store-unavailable', failed.detail, {
      backupId: id,
      store: failed.store,
    });
  }
  if (failed) context.result.exitCode = EXIT.failure;
  if (flags.json) printJson(context.output, results);
  else context.output.stdout(describeVerify(results, readData));
}

/** Run `dalio backup restore` (imported when the command runs; its options and help are in backup-command.ts). */
export async function runBackupRestoreCommand(
  context: CommandContext,
  id: string,
  flags: CommonFlags & { from?: string; dryRun?: boolean; force?: boolean },
): Promise<void> {
  const from = fromFlag(flags.from);
  idArgument(id, true);
  const runtime = await open(context, flags);
  const request = { id, force: flags.force ?? false, ...(from ? { from } : {}) };
  if (flags.dryRun) {
    const plan = await runtime.backups.planRestore(request);
    if (flags.json) printJson(context.output, { dryRun: true, plan });
    else context.output.stdout(describePlan(plan, true));
    return;
  }
  const { outcome, adopted } = await restoreAndAdopt(runtime, request, context.env);
  if (flags.json) printJson(context.output, { ...outcome, adopted });
  else
    context.output.stdout(
      [
        describePlan(outcome.plan, false),
        `The state is now seq ${outcome.seq}.${outcome.asideDir ? ` The replaced files are kept in ${outcome.asideDir}.` : ''}`,
        adopted.length > 0
          ? `Adopted from the broker: ${adopted.join('; ')}`
          : 'The broker shows no order of ours placed after the backup.',
        'Next: `dalio status`, then `dalio run` (it reconciles with the broker before it trades).',
      ].join('\n'),
    );
}

/** Run `dalio backup adopt` (imported when the command runs; its options and help are in backup-command.ts). */
export async function runBackupAdoptCommand(context: CommandContext, flags: CommonFlags): Promise<void> {
  const runtime = await open(context, flags);
  const adopted = await underLock(runtime, context.env, () => adopt(runtime));
  if (flags.json) printJson(context.output, { adopted });
  else
    context.output.stdout(
      adopted.length > 0
        ? adopted.join('\n')
        : 'Nothing to adopt: every order of ours at the broker is in the state.',
    );
}

/** Run `dalio backup prune` (imported when the command runs; its options and help are in backup-command.ts). */
export async function runBackupPruneCommand(
  context: CommandContext,
  flags: CommonFlags & { dryRun?: boolean },
): Promise<void> {
  const dryRun = flags.dryRun ?? false;
  const outcomes = await (await open(context, flags)).backups.prune({ dryRun });
  if (outcomes.some((outcome) => outcome.error)) context.result.exitCode = EXIT.failure;
  if (flags.json) printJson(context.output, { dryRun, stores: outcomes });
  else context.output.stdout(describePrune(outcomes, dryRun));
}

/** Run `dalio backup drill` (imported when the command runs; its options and help are in backup-command.ts). */
export async function runBackupDrillCommand(context: CommandContext, flags: CommonFlags): Promise<void> {
  const runtime = await open(context, flags);
  const prefix = runtime.settings.clientOrderIdPrefix;
  const record = await runtime.backups.drill(await runtime.broker(), (id) => isOwnClientOrderId(prefix, id));
  await runtime.monitoring.flush();
  if (!record.ok) context.result.exitCode = EXIT.failure;
  if (flags.json) printJson(context.output, record);
  else context.output.stdout(describeDrill(record));
}

/** Hold the rebalance lock around `run`, so no cycle starts in between. */
async function underLock<T>(runtime: Runtime, env: NodeJS.ProcessEnv, run: () => Promise<T>): Promise<T> {
  const staleMs = lockStaleMsFromEnv(env);
  const lock = createRebalanceLock({
    stateDir: runtime.config.paths.stateDir,
    ...(staleMs ? { staleMs } : {}),
  });
  const outcome = await lock.withLock(run, { wait: false });
  if (outcome.kind === 'busy') {
    throw new BackupError(
      'busy',
      'a rebalance is in progress; nothing was changed, run the command again when it has finished',
    );
  }
  return outcome.value;
}

function adopt(runtime: Runtime): Promise<string[]> {
  return runtime.broker().then((broker) =>
    adoptUnknownOrders({
      broker,
      store: runtime.store,
      history: runtime.history,
      clientOrderIdPrefix: runtime.settings.clientOrderIdPrefix,
      now: () => new Date(),
    }),
  );
}

/** Restore under the rebalance lock, then adopt the broker's orders placed after the backup before letting go. */
async function restoreAndAdopt(
  runtime: Runtime,
  request: { id: string; force: boolean; from?: StoreKind },
  env: NodeJS.ProcessEnv,
): Promise<{ outcome: RestoreOutcome; adopted: string[] }> {
  return underLock(runtime, env, async () => {
    const outcome = await runtime.backups.restore({ ...request, lockHeld: true });
    try {
      return { outcome, adopted: await adopt(runtime) };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new CommandFailedError(
        `restored backup ${outcome.plan.backup.id} (seq ${outcome.seq}), but the broker could not be asked for orders placed after it (${why}); run \`dalio backup adopt\` once the broker answers, before \`dalio run\``,
        { cause: error },
      );
    }
  });
}
