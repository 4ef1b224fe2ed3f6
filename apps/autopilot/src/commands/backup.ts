import { BackupError, isBackupId, type RestoreOutcome, type StoreKind } from '@dalio-lite/backup';
import { adoptUnknownOrders, isOwnClientOrderId } from '@dalio-lite/engine';
import { createRebalanceLock } from '@dalio-lite/state';
import type { Command } from 'commander';
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

/** `dalio backup create|list|verify|restore|prune|drill|adopt`: verified backups, locally and off-site. */
export function registerBackupCommands(program: Command, context: CommandContext): void {
  const open = async (flags: CommonFlags): Promise<Runtime> =>
    createRuntime(await loadCliConfig(context, flags.config), {
      env: context.env,
      lockStaleMs: lockStaleMsFromEnv(context.env),
    });
  const backup = program
    .command('backup')
    .description(
      'Verified backups of the state directory, locally and in S3: create, list, verify, restore, prune, drill',
    );
  const common = (command: Command) =>
    command
      .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
      .option('--json', 'print JSON');

  common(
    backup.command('create').description('Take a backup now: stored and verified locally, then off-site'),
  ).action(async (flags: CommonFlags) => {
    const runtime = await open(flags);
    const outcome = await runtime.backups.create();
    if (outcome.offsite.kind === 'queued') context.result.exitCode = EXIT.failure;
    if (flags.json) printJson(context.output, outcome);
    else context.output.stdout(describeCreate(outcome));
  });

  common(backup.command('list').description('List the backups of each store, newest first')).action(
    async (flags: CommonFlags) => {
      const listings = await (await open(flags)).backups.list();
      if (listings.some((listing) => listing.error)) context.result.exitCode = EXIT.failure;
      if (flags.json) printJson(context.output, listings);
      else context.output.stdout(describeListings(listings));
    },
  );

  common(
    backup
      .command('verify')
      .argument('[id]', 'the backup to check (default: the newest of each store)')
      .description('Check backups: the listing and sizes, or with --read-data every byte and checksum')
      .option('--all', 'check every backup, not only the newest')
      .option('--read-data', 'download every archive and check every sha256 (like restic check --read-data)')
      .option('--from <store>', 'only this store: local or s3'),
  ).action(
    async (
      id: string | undefined,
      flags: CommonFlags & { all?: boolean; readData?: boolean; from?: string },
    ) => {
      const from = fromFlag(flags.from);
      const runtime = await open(flags);
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
    },
  );

  common(
    backup
      .command('restore')
      .argument('[id]', 'the backup to restore, or latest (the newest that verifies)', 'latest')
      .description(
        'Restore the state from a backup: verify it all, swap it in under the lock, adopt later orders',
      )
      .option('--from <store>', 'restore from this store only: local or s3')
      .option('--dry-run', 'verify and print the plan; change nothing')
      .option('--force', 'restore even a backup older than the current state'),
  ).action(async (id: string, flags: CommonFlags & { from?: string; dryRun?: boolean; force?: boolean }) => {
    const from = fromFlag(flags.from);
    idArgument(id, true);
    const runtime = await open(flags);
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
  });

  common(
    backup
      .command('adopt')
      .description(
        'Adopt the broker orders of ours that the state does not know (placed after a restored backup)',
      ),
  ).action(async (flags: CommonFlags) => {
    const runtime = await open(flags);
    const adopted = await underLock(runtime, context.env, () => adopt(runtime));
    if (flags.json) printJson(context.output, { adopted });
    else
      context.output.stdout(
        adopted.length > 0
          ? adopted.join('\n')
          : 'Nothing to adopt: every order of ours at the broker is in the state.',
      );
  });

  common(
    backup
      .command('prune')
      .description('Remove old backups: keep the last backup.local.keep plus daily, weekly and monthly ones')
      .option('--dry-run', 'list what would be removed; remove nothing'),
  ).action(async (flags: CommonFlags & { dryRun?: boolean }) => {
    const dryRun = flags.dryRun ?? false;
    const outcomes = await (await open(flags)).backups.prune({ dryRun });
    if (outcomes.some((outcome) => outcome.error)) context.result.exitCode = EXIT.failure;
    if (flags.json) printJson(context.output, { dryRun, stores: outcomes });
    else context.output.stdout(describePrune(outcomes, dryRun));
  });

  common(
    backup
      .command('drill')
      .description(
        'Restore drill: restore the newest backup of each store into a scratch directory, load it, reconcile it read-only with the broker',
      ),
  ).action(async (flags: CommonFlags) => {
    const runtime = await open(flags);
    const prefix = runtime.settings.clientOrderIdPrefix;
    const record = await runtime.backups.drill(await runtime.broker(), (id) =>
      isOwnClientOrderId(prefix, id),
    );
    await runtime.monitoring.flush();
    if (!record.ok) context.result.exitCode = EXIT.failure;
    if (flags.json) printJson(context.output, record);
    else context.output.stdout(describeDrill(record));
  });
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
