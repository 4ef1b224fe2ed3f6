import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio backup create|list|verify|restore|prune|drill|adopt`: verified backups, locally and off-site. */
export function registerBackupCommands(program: Command, context: CommandContext): void {
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
  ).action(lazyAction(context, async () => (await import('./backup.ts')).runBackupCreateCommand));

  common(backup.command('list').description('List the backups of each store, newest first')).action(
    lazyAction(context, async () => (await import('./backup.ts')).runBackupListCommand),
  );

  common(
    backup
      .command('verify')
      .argument('[id]', 'the backup to check (default: the newest of each store)')
      .description('Check backups: the listing and sizes, or with --read-data every byte and checksum')
      .option('--all', 'check every backup, not only the newest')
      .option('--read-data', 'download every archive and check every sha256 (like restic check --read-data)')
      .option('--from <store>', 'only this store: local or s3'),
  ).action(lazyAction(context, async () => (await import('./backup.ts')).runBackupVerifyCommand));

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
  ).action(lazyAction(context, async () => (await import('./backup.ts')).runBackupRestoreCommand));

  common(
    backup
      .command('adopt')
      .description(
        'Adopt the broker orders of ours that the state does not know (placed after a restored backup)',
      ),
  ).action(lazyAction(context, async () => (await import('./backup.ts')).runBackupAdoptCommand));

  common(
    backup
      .command('prune')
      .description('Remove old backups: keep the last backup.local.keep plus daily, weekly and monthly ones')
      .option('--dry-run', 'list what would be removed; remove nothing'),
  ).action(lazyAction(context, async () => (await import('./backup.ts')).runBackupPruneCommand));

  common(
    backup
      .command('drill')
      .description(
        'Restore drill: restore the newest backup of each store into a scratch directory, load it, reconcile it read-only with the broker',
      ),
  ).action(lazyAction(context, async () => (await import('./backup.ts')).runBackupDrillCommand));
}
