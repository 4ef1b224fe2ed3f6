import type { Alert } from '@dalio-lite/observability';
import type { Command } from 'commander';
import { loadCliConfig } from '../cli-config.ts';
import { EXIT } from '../cli-error.ts';
import { createCommandLogger } from '../logger.ts';
import { printJson } from '../output.ts';
import { createRuntime } from '../runtime.ts';
import type { CommandContext } from './index.ts';

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
    .action(async (flags: { config?: string; json?: boolean }) => {
      const config = await loadCliConfig(context, flags.config);
      const logger = createCommandLogger(config, false, { env: context.env });
      const runtime = createRuntime(config, { logger, env: context.env });
      const message: Alert = {
        key: 'test',
        kind: 'test',
        severity: 'info',
        title: 'Test message from `dalio alert test`',
        impact: 'None: this only checks that alerts reach you.',
        action:
          'Nothing to do; if a channel did not deliver it, fix that channel in dalio.yaml and run `dalio alert test` again.',
        details: [`state directory ${config.paths.stateDir}`],
        at: new Date().toISOString(),
        mode: config.mode,
      };
      const deliveries = await runtime.monitoring.notifier.sendToAll(message);
      // The checklist's evidence that every channel reaches its person.
      await runtime.gate.files.recordAlertTest(new Date(), deliveries);
      await runtime.monitoring.flush();
      logger.flush();
      if (flags.json) printJson(context.output, { deliveries });
      else {
        context.output.stdout(
          deliveries
            .map((d) => `${d.ok ? 'sent  ' : 'FAILED'}  ${d.channel}${d.error ? `: ${d.error}` : ''}`)
            .join('\n'),
        );
      }
      if (deliveries.some((delivery) => !delivery.ok)) context.result.exitCode = EXIT.failure;
    });
}
