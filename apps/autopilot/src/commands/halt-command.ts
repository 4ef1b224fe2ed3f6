import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio halt` and `dalio resume`: the persisted emergency stop, checked by every cycle before every order. */
export function registerHaltCommands(program: Command, context: CommandContext): void {
  program
    .command('halt')
    .description(
      'Emergency stop: no cycle places orders until `dalio resume` (optionally cancel orders or sell everything)',
    )
    .option('--reason <text>', 'why, shown by every refused cycle', 'halted by the operator')
    .option('--cancel-orders', 'also cancel every open order at the broker')
    .option('--liquidate', 'also sell every position at market (needs --yes)')
    .option('--yes', 'confirm --liquidate')
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print JSON')
    .action(lazyAction(context, async () => (await import('./halt.ts')).runHaltCommand));

  program
    .command('resume')
    .description(
      'Clear the halt and any tripped breaker after review; the drawdown baseline restarts from today',
    )
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print JSON')
    .action(lazyAction(context, async () => (await import('./halt.ts')).runResumeCommand));
}
