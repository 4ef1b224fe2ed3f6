import { haltTrading, resumeTrading } from '@dalio-lite/engine';
import type { Command } from 'commander';
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

/** `dalio halt` and `dalio resume`: the persisted emergency stop, checked by every cycle before every order. */
export function registerHaltCommands(program: Command, context: CommandContext): void {
  program
    .command('halt')
    .description(
      'Emergency stop: no cycle places orders until `dalio resume` (optionally cancel orders or sell everything)',
    )
    .option('--reason <text>', 'why, shown by every refused cycle', 'halted by the operator')
    .option('--cancel-orders', 'also cancel every open order at the broker')
    .option('--liquidate', 'also sell every position at market (needs --yes)')
    .option('--yes', 'confirm --liquidate')
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print JSON')
    .action(async (flags: HaltFlags) => {
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
    });

  program
    .command('resume')
    .description(
      'Clear the halt and any tripped breaker after review; the drawdown baseline restarts from today',
    )
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean; config?: string }) => {
      const config = await loadCliConfig(context, flags.config);
      const outcome = await resumeTrading(createRuntime(config).store);
      if (flags.json) printJson(context.output, outcome);
      else
        context.output.stdout(
          outcome.cleared.length > 0
            ? `Resumed; cleared: ${outcome.cleared.join('; ')}`
            : 'Nothing to resume: no halt and no tripped breaker',
        );
    });
}
