import type { Alert } from '@dalio-lite/observability';
import { loadCliConfig } from '../cli-config.ts';
import { EXIT } from '../cli-error.ts';
import { createCommandLogger } from '../logger.ts';
import { printJson } from '../output.ts';
import { createRuntime } from '../runtime.ts';
import type { CommandContext } from './index.ts';

/** Run `dalio alert test` (imported when the command runs; its options and help are in alert-command.ts). */
export async function runAlertTestCommand(
  context: CommandContext,
  flags: { config?: string; json?: boolean },
): Promise<void> {
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
}
