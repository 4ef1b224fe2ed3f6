import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

/** `dalio checklist` (the production readiness gate, exit 0 GO / 1 NO-GO) and `dalio checklist sign`. */
export function registerChecklistCommands(program: Command, context: CommandContext): void {
  const checklist = program
    .command('checklist')
    .description(
      'The production checklist: every item software can check, checked for real, and the operator sign-offs; GO or NO-GO (exit 0/1)',
    )
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Run it with the live configuration (mode: live, live keys). It checks the tests of this',
        'installation, the config, the live keys and account, the real paper trading days, the soak',
        'report, backups and a restore drill, health, alert delivery, breakers and limits, the clock,',
        'the state directory and the dashboard. docs/PRODUCTION_CHECKLIST.md lists every item.',
      ].join('\n'),
    )
    .action(lazyAction(context, async () => (await import('./checklist.ts')).runChecklistCommand));

  checklist
    .command('sign <item>')
    .description("Record the operator's sign-off of a manual checklist item (who, when, a note)")
    .requiredOption('--by <name>', 'who signs it off')
    .option('--note <text>', 'what was done', '')
    .addHelpText('after', '\n--config and --json (of `dalio checklist`) apply here too.')
    // --config and --json are `dalio checklist`'s own options, wherever they are written.
    .action(lazyAction(context, async () => (await import('./checklist.ts')).runChecklistSignCommand));
}
