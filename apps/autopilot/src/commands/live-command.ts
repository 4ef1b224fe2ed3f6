import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio live enable | disable | status`: the live switch, recorded with who, when and on which checklist. */
export function registerLiveCommands(program: Command, context: CommandContext): void {
  const live = program
    .command('live')
    .description(
      'The live switch: enable live trading at a capital tier (GO checklist + typed account number), disable it at once',
    );

  live
    .command('enable')
    .description(
      'Switch to live trading at a capital tier: needs mode: live, live keys, a GO checklist and the account number typed',
    )
    .requiredOption('--tier <n>', 'the capital tier (1 = the first; live.tiers in dalio.yaml)')
    .option(
      '--confirm-account <number>',
      'the account number, for scripts (otherwise it is asked on the terminal)',
    )
    .option('--by <name>', 'who decides (default: this user)')
    .option('--note <text>', 'why, recorded with the decision', '')
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print the decision as JSON')
    .action(lazyAction(context, async () => (await import('./live.ts')).runLiveEnableCommand));

  live
    .command('disable')
    .description(
      'Stop live trading at once: the next order of any running cycle is refused; paper state is untouched',
    )
    .option('--by <name>', 'who decides (default: this user)')
    .option('--reason <text>', 'why, recorded with the decision', 'disabled by the operator')
    .option('--cancel-orders', 'also cancel every open order at the live broker')
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print the outcome as JSON')
    .action(lazyAction(context, async () => (await import('./live.ts')).runLiveDisableCommand));

  live
    .command('status')
    .description(
      'Show whether live trading is enabled, at which tier and for which account, and the decision log',
    )
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print JSON')
    .action(lazyAction(context, async () => (await import('./live.ts')).runLiveStatusCommand));
}
