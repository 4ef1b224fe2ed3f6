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

/** Run `dalio checklist` (imported when the command runs; its options and help are in checklist-command.ts). */
export async function runChecklistCommand(context: CommandContext, flags: ChecklistFlags): Promise<void> {
  const config = await loadCliConfig(context, flags.config);
  const logger = createCommandLogger(config, false, { env: context.env });
  const runtime = createRuntime(config, { logger, env: context.env });
  const report = await runChecklist(runtime);
  logger.flush();
  const badge = modeBadge(tradingTarget(config));
  if (flags.json) printJson(context.output, { ...report, mode: badge.mode, badge: badge.text });
  else context.output.stdout(describeChecklist(report, badge.text));
  context.result.exitCode = report.verdict === 'GO' ? EXIT.ok : EXIT.failure;
}

/** Run `dalio checklist sign` (imported when the command runs; its options and help are in checklist-command.ts). */
export async function runChecklistSignCommand(
  context: CommandContext,
  id: string,
  _flags: unknown,
  command: Command,
): Promise<void> {
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
}
