import type { Command } from 'commander';
import { addBacktestOptions } from '../backtest-flags.ts';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio backtest`: replay history through the same policy and plan as the engine, with benchmarks. */
export function registerBacktestCommand(program: Command, context: CommandContext): void {
  addBacktestOptions(
    program
      .command('backtest')
      .description('Replay daily history through the rebalancing policy and compare with benchmarks'),
  ).action(lazyAction(context, async () => (await import('./backtest.ts')).runBacktestCommand));
}
