import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';
import { CONFIG_OPTION } from './strategy-command.ts';

/** `dalio explain`: how it decides, in words, with your own allocation, bands, limits and its last decision. */
export function registerExplainCommand(program: Command, context: CommandContext): void {
  program
    .command('explain')
    .description(
      'Explain how it decides: your allocation and bands, the minimum days, the breakers, the live gate, the last decision',
    )
    .option(...CONFIG_OPTION)
    .option('--json', 'print JSON')
    .action(lazyAction(context, async () => (await import('./explain.ts')).runExplainCommand));
}
