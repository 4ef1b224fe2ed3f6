import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio state reset|accept-restored`: the two ways out of a quarantined state. */
export function registerStateCommands(program: Command, context: CommandContext): void {
  const state = program
    .command('state')
    .description('Recover a state directory that was quarantined (a corrupt or rolled-back state.json)');

  state
    .command('reset')
    .description(
      'Start a fresh state after a quarantine: keeps the damaged files, forgets the day records, stays halted until `dalio resume`',
    )
    .option('--yes', 'confirm: the rebalance history of this state is not carried over')
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print JSON')
    .action(lazyAction(context, async () => (await import('./state.ts')).runStateResetCommand));

  state
    .command('accept-restored')
    .description(
      'After putting a state.json back from a backup: verify it, accept it as the current state and lift the quarantine',
    )
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print JSON')
    .action(lazyAction(context, async () => (await import('./state.ts')).runStateAcceptRestoredCommand));
}
