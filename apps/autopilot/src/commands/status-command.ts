import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio status`: mode, state, halt and breakers, the last cycles; with `--broker`, the account too. */
export function registerStatusCommand(program: Command, context: CommandContext): void {
  program
    .command('status')
    .description(
      'Show the mode and broker, the last rebalance, halt and breakers, the last cycles (and the account and positions with --broker)',
    )
    .option(
      '--broker',
      'also ask the broker for the account, positions and clock (exit 1 if it cannot be reached)',
    )
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print JSON')
    .action(lazyAction(context, async () => (await import('./status.ts')).runStatusCommand));
}
