import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio plan`: a dry run that prints the decision, the drift table and the orders it would place. */
export function registerPlanCommand(program: Command, context: CommandContext): void {
  program
    .command('plan')
    .description(
      'Dry run: show the decision, the drift and the orders a rebalance would place (nothing is sent)',
    )
    .option('--portfolio <file>', 'holdings and cash as JSON (see apps/autopilot/examples/portfolio.json)')
    .option('--prices <file>', 'prices as JSON: {"VTI": 301.2, ...}')
    .option('--today <date>', 'the trading day to decide for (YYYY-MM-DD); default: today in New York')
    .option('--force', 'plan as if forced: ignore the bands and the minimum days')
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print JSON')
    .action(lazyAction(context, async () => (await import('./plan.ts')).runPlanCommand));
}
