import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { loadCliConfig } from '../cli-config.ts';
import { createCommandLogger } from '../logger.ts';
import { createRuntime } from '../runtime.ts';
import type { CommandContext } from './index.ts';

interface MetricsFlags {
  output?: string;
  config?: string;
}

/** `dalio metrics`: the Prometheus text of `dalio daemon --metrics-port`, printed once (no broker request). */
export function registerMetricsCommand(program: Command, context: CommandContext): void {
  program
    .command('metrics')
    .description("Print the Prometheus metrics once (for node-exporter's textfile collector)")
    .option('--output <file>', 'write them to this file instead, atomically (a temp file renamed into place)')
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .addHelpText(
      'after',
      [
        '',
        'The counters come from the rebalance history and the state directory, so they',
        'continue across restarts. The portfolio gauges (equity, cash, drift) are those of',
        'the last cycle or `dalio health`; dalio_portfolio_snapshot_timestamp_seconds says when.',
      ].join('\n'),
    )
    .action(async (flags: MetricsFlags) => {
      const config = await loadCliConfig(context, flags.config);
      const runtime = createRuntime(config, {
        logger: createCommandLogger(config, false, { env: context.env }),
        env: context.env,
      });
      const text = await runtime.monitoring.metrics.render();
      if (flags.output === undefined) {
        context.output.stdout(text);
        return;
      }
      // The textfile collector reads *.prom files at any moment: it must never see half a file.
      const temp = join(dirname(flags.output), `.${randomBytes(6).toString('hex')}.prom.tmp`);
      await writeFile(temp, text, { mode: 0o644 });
      await rename(temp, flags.output);
    });
}
