import type { Command } from 'commander';
import { loadCliConfig } from '../cli-config.ts';
import { CliError } from '../cli-error.ts';
import { crashPointsFromEnv, lockStaleMsFromEnv } from '../crash-injection.ts';
import { runDaemon } from '../daemon-loop.ts';
import { createLogger, logEngineEvent } from '../logger.ts';
import { createRuntime } from '../runtime.ts';
import { stopOnSignals } from '../stop-signals.ts';
import type { CommandContext } from './index.ts';

/** `dalio daemon`: run the day's cycle on each trading day at the configured time, until SIGTERM. */
export function registerDaemonCommand(program: Command, context: CommandContext): void {
  program
    .command('daemon')
    .description(
      'Stay running: one rebalance cycle per trading day at schedule.timeEt (broker clock); stops cleanly on SIGTERM',
    )
    .option('--poll-ms <ms>', 'how often to look at the broker clock', '30000')
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option('--json', 'also print each cycle report as one JSON line on stdout (logs stay on stderr)')
    .action(async (flags: { pollMs: string; config?: string; json?: boolean }) => {
      const pollMs = Number(flags.pollMs);
      if (!Number.isInteger(pollMs) || pollMs < 100)
        throw new CliError(`--poll-ms: "${flags.pollMs}" must be a whole number ≥ 100`);
      const config = await loadCliConfig(context, flags.config);
      const logger = createLogger(config);
      const runtime = createRuntime(config, {
        crashPoints: crashPointsFromEnv(context.env),
        lockStaleMs: lockStaleMsFromEnv(context.env),
      });
      const engine = await runtime.engine({ onEvent: (event) => logEngineEvent(logger, event) });
      const stop = stopOnSignals();
      logger.info(
        { timeEt: config.schedule.timeEt, broker: config.broker.kind, stateDir: config.paths.stateDir },
        'daemon started',
      );
      await runDaemon({
        broker: await runtime.broker(),
        engine,
        timeEt: config.schedule.timeEt,
        pollMs,
        maxBackoffMs: 5 * 60_000,
        signal: stop.signal,
        onEvent: (event) => {
          if (event.type === 'cycle')
            logger.info(
              { outcome: event.report.outcome, code: event.report.code, day: event.report.day },
              event.report.reason,
            );
          else if (event.type === 'broker-unreachable')
            logger.warn({ err: event.error, retryInMs: event.retryInMs }, 'broker unreachable');
          else logger.info('daemon stopped');
        },
      });
      stop.dispose();
      logger.flush();
    });
}
