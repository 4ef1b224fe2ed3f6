import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** The symbols of the bundled price history. */
const BUNDLED_SYMBOLS = 'SPY,VTI,TLT,IEF,AGG,GLD,DBC,IEI';
/** Where a time-lapse starts without `--start`: a Monday morning inside the history every bundled file covers. */
export const DEFAULT_TIME_LAPSE_START = '2024-01-08T09:00:00-05:00';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `dalio sim`: serve the paper simulator with Alpaca's wire format on 127.0.0.1 until interrupted. */
export function registerSimCommand(program: Command, context: CommandContext): void {
  program
    .command('sim')
    .description("Serve the paper-trading simulator (Alpaca's API on 127.0.0.1) over real price history")
    .option('--port <n>', 'port to listen on; 0 picks a free one', '0')
    .option(
      '--data-dir <dir>',
      'where the simulator keeps its state (default: ~/.local/share/dalio-lite/sim)',
    )
    .option('--at <time>', 'freeze the clock at this moment of the history, e.g. 2024-03-15T15:00:00-04:00')
    .option('--speed <x>', 'time-lapse: simulated seconds per real second, e.g. 20000 (a day in ~4 s)')
    .option('--start <time>', `where a time-lapse starts (default ${DEFAULT_TIME_LAPSE_START})`)
    .option('--symbols <list>', 'symbols to trade, from the bundled history', BUNDLED_SYMBOLS)
    .option('--seed <n>', 'seed for ids, partial fills and slippage', '1')
    .option('--partial-fills <p>', 'probability that a fill is partial first (0..1)', '0')
    .option(
      '--key <id:secret>',
      'accept only this key pair (repeatable); default: any non-empty pair',
      collect,
      [],
    )
    .option('--slippage-bps <n>', 'worst slippage per fill in basis points (drawn uniformly)', '0')
    .option('--model <seed>', 'trade a seeded random-walk price model instead of the bundled history')
    .option('--account <type>', 'margin (2× buying power, shorts; as Alpaca) or cash', 'margin')
    .option(
      '--consistency <mode>',
      'alpaca (pending_new; fills and cancels show a moment later), basic (pending_new only) or immediate',
      'basic',
    )
    .option('--non-fractionable <list>', 'symbols traded in whole shares only, e.g. GLD,DBC')
    .option('--config <path>', 'read broker.simulator.nonFractionable from this config file (the flag wins)')
    .option('--json', 'print the start-up line as JSON')
    .action(lazyAction(context, async () => (await import('./sim.ts')).runSimCommand));
}
