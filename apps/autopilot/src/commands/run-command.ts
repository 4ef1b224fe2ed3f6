import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio run`: one rebalance cycle (for a systemd timer). Exit 0 for routine outcomes, 1 when a person should look. */
export function registerRunCommand(program: Command, context: CommandContext): void {
  program
    .command('run')
    .description(
      'Run one rebalance cycle now: reconcile, check guards, decide, and trade if the policy says so',
    )
    .option('--force', 'ignore the bands and the minimum days (never the lock, the halt or once-per-day)')
    .option('--again', 'with --force: trade again on a day that already traded')
    .option('--wait', 'wait for a rebalance in progress elsewhere instead of answering "busy"')
    .option('--verbose', 'log every step as JSON to stderr')
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print the cycle report as JSON')
    .action(lazyAction(context, async () => (await import('./run.ts')).runRunCommand));
}
