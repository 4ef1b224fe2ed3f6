import { evaluateRebalance, newYorkDate } from '@dalio-lite/core';
import { previewCycle } from '@dalio-lite/engine';
import { allocationChangeForces, readAllocationStatus } from '@dalio-lite/strategy';
import { loadCliConfig } from '../cli-config.ts';
import { CliError } from '../cli-error.ts';
import { printJson } from '../output.ts';
import { planToJson, previewToJson, renderPlan, renderPreview } from '../plan-report.ts';
import { readPortfolioFile } from '../portfolio-file.ts';
import { createRuntime } from '../runtime.ts';
import type { CommandContext } from './index.ts';

interface PlanFlags {
  portfolio?: string;
  prices?: string;
  json?: boolean;
  force?: boolean;
  today?: string;
  config?: string;
}

/** Run `dalio plan` (imported when the command runs; its options and help are in plan-command.ts). */
export async function runPlanCommand(context: CommandContext, flags: PlanFlags): Promise<void> {
  const config = await loadCliConfig(context, flags.config);
  if (!flags.portfolio) {
    if (flags.prices || flags.today) {
      throw new CliError(
        'plan: --prices and --today go with --portfolio; without it the broker supplies both',
      );
    }
    const runtime = createRuntime(config);
    const settings = await runtime.gate.cycleSettings(runtime.settings);
    // A pending allocation change forces the next run, so the dry run shows the same.
    const pending = allocationChangeForces(await readAllocationStatus(runtime.history), settings.targets);
    const preview = await previewCycle(await runtime.broker(), runtime.store, settings, {
      force: (flags.force ?? false) || pending,
    });
    if (flags.json) printJson(context.output, previewToJson(preview));
    else context.output.stdout(renderPreview(preview));
    return;
  }
  const today = flags.today ?? newYorkDate(new Date());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today))
    throw new CliError(`--today: "${today}" is not a date, use YYYY-MM-DD`);
  const portfolio = await readPortfolioFile(flags.portfolio, flags.prices);
  const wholeShareSymbols = config.plan.wholeShares
    ? new Set(Object.keys(config.allocation.targets))
    : undefined;
  let evaluation: ReturnType<typeof evaluateRebalance>;
  try {
    evaluation = evaluateRebalance({
      snapshot: portfolio.snapshot,
      targets: config.allocation.targets,
      policy: config.policy,
      plan: { ...config.plan, wholeShareSymbols },
      today,
      lastRebalanceDay: portfolio.lastRebalanceDay,
      force: flags.force ?? false,
    });
  } catch (error) {
    if (error instanceof RangeError)
      throw new CliError(`plan: ${error.message}; pass --prices FILE with every target symbol`);
    throw error;
  }
  if (flags.json) printJson(context.output, planToJson(evaluation, today));
  else context.output.stdout(renderPlan(evaluation, today));
}
