import type { Command } from 'commander';
import type { Logger } from 'pino';
import { loadCliConfig } from '../cli-config.ts';
import { crashPointsFromEnv, lockStaleMsFromEnv } from '../crash-injection.ts';
import { type DaemonEvent, runDaemon } from '../daemon-loop.ts';
import { createLogger, logEngineEvent } from '../logger.ts';
import type { Output } from '../output.ts';
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
    .option('--config <path>', 'config file (default: $DALIO_CONFIG, then ./dalio.yaml)')
    .option(
      '--json',
      "also print each trading day's outcome as one JSON line on stdout: the cycle report, or why the day was missed",
    )
    .addHelpText(
      'after',
      [
        '',
        "Pacing: it sleeps until the next cycle is due by the broker's clock and",
        "calendar - Alpaca's real time, or a simulator's time-lapse, whose speed it",
        'measures from two looks at the clock - and looks at least once a minute,',
        "never in a fast poll, so it stays far below the broker's 200 requests/min.",
        '',
        "Every trading day ends in one logged outcome: the cycle's report, or",
        '"no cycle on <day>" with the reason (broker down, session closed first).',
        'A throttled or unreachable broker is logged at once and looked at again',
        'after 1 s, 2 s, 4 s ... up to 5 min; a cycle that asks for a retry runs',
        'again after 30 s, 1 min ... while the session lasts.',
        '',
        'SIGINT or SIGTERM stops it after the current step; a second signal exits',
        'at once.',
      ].join('\n'),
    )
    .action(async (flags: { config?: string; json?: boolean }) => {
      const config = await loadCliConfig(context, flags.config);
      const logger = createLogger(config);
      const stop = stopOnSignals();
      // The adapter's retries reach this log as they happen; `brokerSignal` ends its retry waits on SIGTERM.
      const runtime = createRuntime(config, {
        crashPoints: crashPointsFromEnv(context.env),
        lockStaleMs: lockStaleMsFromEnv(context.env),
        logger,
        brokerSignal: stop.signal,
      });
      const engine = await runtime.engine({ onEvent: (event) => logEngineEvent(logger, event) });
      logger.info(
        { timeEt: config.schedule.timeEt, broker: config.broker.kind, stateDir: config.paths.stateDir },
        'daemon started',
      );
      try {
        await runDaemon({
          broker: await runtime.broker(),
          engine,
          timeEt: config.schedule.timeEt,
          signal: stop.signal,
          onEvent: (event) => reportEvent(event, logger, flags.json ? context.output : null),
        });
      } finally {
        stop.dispose();
        logger.flush();
      }
    });
}

/** Log each daemon event at once, at a level that matches it; with `--json`, each day's outcome also on stdout. */
function reportEvent(event: DaemonEvent, logger: Logger, json: Output | null): void {
  switch (event.type) {
    case 'cycle': {
      const { outcome, code, day, reason } = event.report;
      if (event.retryInMs === null) {
        logger.info({ outcome, code, day: event.day }, reason);
        json?.stdout(JSON.stringify(event.report));
      } else logger.warn({ outcome, code, day: day ?? event.day, retryInMs: event.retryInMs }, reason);
      return;
    }
    case 'missed':
      logger.error({ outcome: 'missed', day: event.day }, `no cycle on ${event.day}: ${event.reason}`);
      json?.stdout(JSON.stringify({ day: event.day, outcome: 'missed', reason: event.reason }));
      return;
    case 'broker-unreachable':
      logger.warn(
        { err: event.error, retryInMs: event.retryInMs, throttled: event.throttled },
        event.throttled ? 'broker throttled (429)' : 'broker unreachable',
      );
      return;
    case 'stopped':
      logger.info('daemon stopped');
  }
}
