import { GOAL_DEFAULTS } from '@dalio-lite/strategy';
import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';
import { CONFIG_OPTION } from './strategy-command.ts';

/** `dalio goal set|show|clear`: a savings goal, projected from the real history of your allocation. */
export function registerGoalCommands(program: Command, context: CommandContext): void {
  const goal = program
    .command('goal')
    .description(
      'Plan toward a target amount: Monte Carlo bands from your allocation’s history, the chance, the contribution needed',
    );
  goal
    .command('set')
    .description('Set (or replace) the goal and show its projection')
    .requiredOption('--amount <usd>', 'the target, in today’s dollars')
    .requiredOption('--by <date>', 'the goal date (YYYY-MM-DD)')
    .requiredOption('--monthly <usd>', 'what you add each month, in today’s dollars (0 for nothing)')
    .option('--inflation <pct>', `assumed inflation, %/yr (default ${GOAL_DEFAULTS.inflationPct})`)
    .option(
      '--probability <pct>',
      `the chance to compute the needed contribution for (default ${GOAL_DEFAULTS.probabilityPct})`,
    )
    .option('--start <usd>', 'the portfolio value to start from (default: the account equity at the broker)')
    .option(...CONFIG_OPTION)
    .option('--json', 'print JSON')
    .action(lazyAction(context, async () => (await import('./goal.ts')).runGoalSetCommand));
  goal
    .command('show')
    .description('Show the goal, its projection bands, the chance, the contribution needed and the progress')
    .option(...CONFIG_OPTION)
    .option('--json', 'print JSON')
    .action(lazyAction(context, async () => (await import('./goal.ts')).runGoalShowCommand));
  goal
    .command('clear')
    .description('Remove the goal')
    .option(...CONFIG_OPTION)
    .option('--json', 'print JSON')
    .action(lazyAction(context, async () => (await import('./goal.ts')).runGoalClearCommand));
}
