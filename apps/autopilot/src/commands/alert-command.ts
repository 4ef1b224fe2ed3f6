import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio alert test`: one test message to every configured channel, and each channel's result. */
export function registerAlertCommands(program: Command, context: CommandContext): void {
  const alert = program.command('alert').description('Alerts: send a test message to every channel');
  alert
    .command('test')
    .description(
      'Send a test message to every notifications channel and report each result (exit 1 if one failed)',
    )
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print the results as JSON')
    .action(lazyAction(context, async () => (await import('./alert.ts')).runAlertTestCommand));
}
