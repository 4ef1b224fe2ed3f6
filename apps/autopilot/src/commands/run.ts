import { ROUTINE_CYCLE_CODES } from '@dalio-lite/engine';
import type { Command } from 'commander';
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
    .action(async (flags: RunFlags) => {
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
    });
}
