import { haltTrading, resumeTrading } from '@dalio-lite/engine';
import { loadCliConfig } from '../cli-config.ts';
import { CliError } from '../cli-error.ts';
import { printJson } from '../output.ts';
import { createRuntime } from '../runtime.ts';
import type { CommandContext } from './index.ts';

interface HaltFlags {
  reason: string;
  cancelOrders?: boolean;
  liquidate?: boolean;
  yes?: boolean;
  json?: boolean;
  config?: string;
}

/** Run `dalio halt` (imported when the command runs; its options and help are in halt-command.ts). */
export async function runHaltCommand(context: CommandContext, flags: HaltFlags): Promise<void> {
  if (flags.liquidate && !flags.yes) {
    throw new CliError('--liquidate sells every position at market; repeat with --yes to confirm');
  }
  const config = await loadCliConfig(context, flags.config);
  const runtime = createRuntime(config);
  const needsBroker = Boolean(flags.cancelOrders || flags.liquidate);
  const outcome = await haltTrading(runtime.store, needsBroker ? await runtime.broker() : null, {
    reason: flags.reason,
    cancelOrders: flags.cancelOrders ?? false,
    liquidate: flags.liquidate ?? false,
    now: new Date(),
  });
  if (flags.json) printJson(context.output, { halted: true, ...outcome });
  else {
    const extra = [
      outcome.canceled.length > 0 ? `${outcome.canceled.length} open orders canceled` : null,
      outcome.closed.length > 0 ? `${outcome.closed.length} positions sent to close` : null,
    ].filter(Boolean);
    context.output.stdout(
      `HALTED since ${outcome.since}: ${outcome.reason}${extra.length ? ` (${extra.join(', ')})` : ''}. Run \`dalio resume\` to continue.`,
    );
  }
}

/** Run `dalio resume` (imported when the command runs; its options and help are in halt-command.ts). */
export async function runResumeCommand(
  context: CommandContext,
  flags: { json?: boolean; config?: string },
): Promise<void> {
  const config = await loadCliConfig(context, flags.config);
  const outcome = await resumeTrading(createRuntime(config).store);
  if (flags.json) printJson(context.output, outcome);
  else
    context.output.stdout(
      outcome.cleared.length > 0
        ? `Resumed; cleared: ${outcome.cleared.join('; ')}`
        : 'Nothing to resume: no halt and no tripped breaker',
    );
}
