import { didYouMean } from '@dalio-lite/config';
import {
  type ChecklistReport,
  evaluateChecklist,
  MANUAL_ITEMS,
  modeBadge,
  tradingTarget,
} from '@dalio-lite/gate';
import type { Command } from 'commander';
import { describeChecklist } from '../checklist-text.ts';
import { loadCliConfig } from '../cli-config.ts';
import { CliError, EXIT } from '../cli-error.ts';
import { createCommandLogger } from '../logger.ts';
import { printJson } from '../output.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { checkHealth } from './health.ts';
import type { CommandContext } from './index.ts';

/** Run the whole checklist (with `dalio health`) for a runtime. */
export async function runChecklist(runtime: Runtime): Promise<ChecklistReport> {
  const evidence = await runtime.gate.evidence('full', {
    health: () => checkHealth(runtime, { alert: false }),
  });
  return evaluateChecklist(evidence);
}

interface ChecklistFlags {
  json?: boolean;
  config?: string;
}

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
    .action(async (flags: ChecklistFlags) => {
      const config = await loadCliConfig(context, flags.config);
      const logger = createCommandLogger(config, false, { env: context.env });
      const runtime = createRuntime(config, { logger, env: context.env });
      const report = await runChecklist(runtime);
      logger.flush();
      const badge = modeBadge(tradingTarget(config));
      if (flags.json) printJson(context.output, { ...report, mode: badge.mode, badge: badge.text });
      else context.output.stdout(describeChecklist(report, badge.text));
      context.result.exitCode = report.verdict === 'GO' ? EXIT.ok : EXIT.failure;
    });

  checklist
    .command('sign <item>')
    .description("Record the operator's sign-off of a manual checklist item (who, when, a note)")
    .requiredOption('--by <name>', 'who signs it off')
    .option('--note <text>', 'what was done', '')
    .addHelpText('after', '\n--config and --json (of `dalio checklist`) apply here too.')
    // --config and --json are `dalio checklist`'s own options, wherever they are written.
    .action(async (id: string, _flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals<{ by: string; note: string; json?: boolean; config?: string }>();
      const ids = MANUAL_ITEMS.map((item) => item.id);
      if (!ids.includes(id)) {
        throw new CliError(
          `${id} is not a manual checklist item, use one of ${ids.join(', ')}${didYouMean(id, ids)}`,
        );
      }
      if (flags.by.trim() === '') throw new CliError('--by needs a name: who signs this item off');
      const config = await loadCliConfig(context, flags.config);
      const { files } = createRuntime(config, { env: context.env }).gate;
      const signOff = { by: flags.by.trim(), at: new Date().toISOString(), note: flags.note };
      const items = (await files.signOffs.read())?.items ?? {};
      await files.signOffs.write({ items: { ...items, [id]: signOff } });
      if (flags.json) printJson(context.output, { item: id, ...signOff });
      else
        context.output.stdout(
          `Signed off ${id} by ${signOff.by} at ${signOff.at}${signOff.note ? `: ${signOff.note}` : ''}`,
        );
    });
}
