import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio health`: every check, exit 0 / 1 / 2 for ok / warn / critical; `--alert` for a separate timer. */
export function registerHealthCommand(program: Command, context: CommandContext): void {
  program
    .command('health')
    .description(
      'Check heartbeat, state, broker, account, data, lock, orders, ledger, rates, drift, disk and backups (exit 0/1/2)',
    )
    .option('--alert', 'send alerts for checks that fail and for checks back to ok (for dalio-health.timer)')
    .option('--verbose', 'log every step as JSON to stderr')
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 every check ok, 1 a warning, 2 a critical check (a check that cannot',
        'run, e.g. with the broker down, is critical). The heartbeat check is the dead-man',
        "switch: the last trading session's cycle (broker calendar) must have succeeded",
        'within notifications.deadManGraceMinutes of schedule.timeEt. Run `dalio health',
        '--alert` from its own timer (deploy/dalio-health.timer) so it alerts even when the',
        'autopilot itself is dead.',
      ].join('\n'),
    )
    .action(lazyAction(context, async () => (await import('./health.ts')).runHealthCommand));
}
