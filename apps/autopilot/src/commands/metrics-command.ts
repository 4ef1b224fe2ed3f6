import type { Command } from 'commander';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

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
    .action(lazyAction(context, async () => (await import('./metrics.ts')).runMetricsCommand));
}
