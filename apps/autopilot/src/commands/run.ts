import { ROUTINE_CYCLE_CODES } from '@dalio-lite/engine';
import { loadCliConfig } from '../cli-config.ts';
import { CliError, EXIT } from '../cli-error.ts';
import { crashPointsFromEnv, lockStaleMsFromEnv } from '../crash-injection.ts';
import { describeReport } from '../cycle-report-text.ts';
import { createCommandLogger, logEngineEvent } from '../logger.ts';
import { printJson } from '../output.ts';
import { createRuntime } from '../runtime.ts';
import type { CommandContext } from './index.ts';

interface RunFlags {
  force?: boolean;
  again?: boolean;
  wait?: boolean;
  json?: boolean;
  verbose?: boolean;
  config?: string;
}

/** Run `dalio run` (imported when the command runs; its options and help are in run-command.ts). */
export async function runRunCommand(context: CommandContext, flags: RunFlags): Promise<void> {
  if (flags.again && !flags.force) throw new CliError('--again only works together with --force');
  const config = await loadCliConfig(context, flags.config);
  const logger = createCommandLogger(config, flags.verbose, { env: context.env });
  const runtime = createRuntime(config, {
    crashPoints: crashPointsFromEnv(context.env),
    lockStaleMs: lockStaleMsFromEnv(context.env),
    logger,
    env: context.env,
  });
  const engine = await runtime.engine({ onEvent: (event) => logEngineEvent(logger, event) });
  const report = await engine.runCycle({
    force: flags.force ?? false,
    again: flags.again ?? false,
    waitForLock: flags.wait ?? false,
  });
  // The cycle is committed; alerts, the success ping and the ledger take at most their own time budget.
  await runtime.monitoring.afterCycle(report, await runtime.broker());
  // A backup of what the cycle changed; a failure alerts and is counted, the cycle's outcome stands.
  await runtime.backupAutomation.afterCycle(report);
  logger.flush();
  const { venue } = await runtime.broker();
  if (flags.json) printJson(context.output, { ...report, venue });
  else context.output.stdout(describeReport(report, venue));
  if (!ROUTINE_CYCLE_CODES.has(report.code)) context.result.exitCode = EXIT.failure;
}
