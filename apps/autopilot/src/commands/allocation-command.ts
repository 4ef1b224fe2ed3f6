import { PRESETS } from '@dalio-lite/core';
import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';
import { CONFIG_OPTION } from './strategy-command.ts';

/** `dalio allocation show|set`: the target allocation, and changing it safely (checked, backed up, recorded). */
export function registerAllocationCommands(program: Command, context: CommandContext): void {
  const allocation = program
    .command('allocation')
    .description('Show the target allocation, or set a new one (applied at the next cycle)');
  allocation
    .command('show')
    .description('Print the target weights and whether a change is waiting for the next cycle')
    .option(...CONFIG_OPTION)
    .option('--json', 'print JSON')
    .action(lazyAction(context, async () => (await import('./allocation.ts')).runAllocationShowCommand));
  allocation
    .command('set')
    .description(
      'Set the target weights (e.g. VTI=40 TLT=30 GLD=20 DBC=10) or a preset: checked against the broker, previewed on history, written to the config with a backup of the old one, recorded in the history',
    )
    .argument('[weights...]', 'SYMBOL=PERCENT pairs totalling exactly 100')
    .option('--preset <name>', `a built-in allocation instead: ${Object.keys(PRESETS).join(', ')}`)
    .option('--yes', 'write it (without --yes: check and preview only)')
    .option('--by <name>', 'who makes the change, for the history (default: the login name)')
    .option('--data <dir>', 'price files for the preview (default: the bundled history)')
    .option(...CONFIG_OPTION)
    .option('--json', 'print JSON')
    .action(lazyAction(context, async () => (await import('./allocation.ts')).runAllocationSetCommand));
}
