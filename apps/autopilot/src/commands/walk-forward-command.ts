import type { Command } from 'commander';
import { addBacktestOptions, describeRange, FLAG_RANGES } from '../backtest-flags.ts';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio walk-forward`: choose the policy in sample, test it out of sample, and judge the stability. */
export function registerWalkForwardCommand(program: Command, context: CommandContext): void {
  addBacktestOptions(
    program
      .command('walk-forward')
      .description('Walk-forward validation: pick policy parameters in sample, evaluate them out of sample'),
  )
    .option('--in-sample-days <n>', 'trading days per in-sample window', '756')
    .option('--out-of-sample-days <n>', 'trading days per out-of-sample window', '252')
    .option('--anchored', 'grow in-sample windows from the first day instead of rolling them')
    .option('--objective <name>', 'in-sample objective: sharpe, cagr or calmar', 'sharpe')
    .option(
      '--grid-band <list>',
      `absolute bands to try, in points ${describeRange(FLAG_RANGES.bandPts)} (0 = any drift, none = no band)`,
      '3,5,10,none',
    )
    .option(
      '--grid-rel-band <list>',
      `relative bands to try, in % of the target ${describeRange(FLAG_RANGES.relBandPct)} (none = no band)`,
      '25,none',
    )
    .option('--grid-calendar <list>', 'calendars to try', 'none,quarterly,yearly')
    .option('--grid-min-days <list>', 'minimum days between rebalances to try', '1,30')
    .option('--sharpe-floor <x>', 'stability test: every window Sharpe must be above this', '0')
    .option('--max-sharpe-ratio <x>', 'stability test: best/worst window Sharpe must be below this', '3')
    .option('--workers <n>', 'worker threads for the grid (default: all cores)')
    .action(lazyAction(context, async () => (await import('./walk-forward.ts')).runWalkForwardCommand));
}
