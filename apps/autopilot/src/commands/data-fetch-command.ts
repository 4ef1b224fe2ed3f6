import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio data fetch`: download adjusted daily bars from Alpaca into price files the backtester reads. */
export function registerDataFetchCommand(program: Command, context: CommandContext): void {
  const data =
    program.commands.find((command) => command.name() === 'data') ??
    program.command('data').description('Price data for backtests');
  data
    .command('fetch')
    .description(
      'Download daily bars through Alpaca (split- and dividend-adjusted: every price column, adj_close included, ' +
        'holds adjusted prices) into <SYMBOL>.csv files that backtest --data reads',
    )
    .requiredOption('--symbols <list>', 'comma-separated symbols, e.g. VTI,TLT,GLD,DBC')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .option('--to <date>', 'last day, YYYY-MM-DD (default: the last trading day before today)')
    .requiredOption('--out <dir>', 'directory to write the files to (created if missing)')
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print the written files as JSON')
    .action(lazyAction(context, async () => (await import('./data-fetch.ts')).runDataFetchCommand));
}
