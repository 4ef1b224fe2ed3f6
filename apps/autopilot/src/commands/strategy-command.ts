import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** The `--config` option every command of this group takes. */
export const CONFIG_OPTION = [
  '--config <path>',
  'config file (default: $DALIO_CONFIG, then ./dalio.yaml)',
] as const;

/** `dalio strategy compare`: the presets and the current allocation, replayed side by side on the same dates. */
export function registerStrategyCommands(program: Command, context: CommandContext): void {
  const strategy = program
    .command('strategy')
    .description('Compare the preset allocations and yours on history (every figure from the backtester)');
  strategy
    .command('compare')
    .description(
      'Backtest every preset and the current allocation over the dates they all share, with your policy',
    )
    .option('--from <date>', 'first day (YYYY-MM-DD); default: the first day every symbol shares')
    .option('--to <date>', 'last day (YYYY-MM-DD); default: the last day every symbol shares')
    .option('--data <dir>', 'directory of <SYMBOL>.csv price files (default: the bundled history)')
    .option('--curves', 'with --json: include each equity curve and drawdown series')
    .option(...CONFIG_OPTION)
    .option('--json', 'print JSON')
    .action(lazyAction(context, async () => (await import('./strategy.ts')).runStrategyCompareCommand));
}
