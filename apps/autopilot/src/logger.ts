import type { AlpacaBrokerEvent } from '@dalio-lite/broker';
import type { DalioConfig } from '@dalio-lite/config';
import type { EngineEvent } from '@dalio-lite/engine';
import type { StateEvent } from '@dalio-lite/state';
import { type Logger, pino } from 'pino';

/**
 * The log of a one-shot command: warnings and errors on stderr (everything at the configured level when a log
 * file is set, or at `info` with `--verbose`), so a quarantine or a skipped history line is never silent.
 */
export function createCommandLogger(config: DalioConfig, verbose = false): Logger {
  return createLogger(
    config,
    verbose ? { level: 'info' } : { level: config.logging.file ? config.logging.level : 'warn' },
  );
}

/** JSON logs for the daemon and for `--verbose`: to the configured file, else to stderr. Secrets never reach it. */
export function createLogger(config: DalioConfig, options: { level?: string } = {}): Logger {
  const level = options.level ?? config.logging.level;
  const destination = config.logging.file
    ? pino.destination({ dest: config.logging.file, mkdir: true, sync: false })
    : // Synchronous on stderr, so a log line never lands after the command's own last line.
      pino.destination({ dest: 2, sync: true });
  return pino(
    { level, base: { app: 'dalio', mode: config.mode }, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  );
}

/** Log one engine event at a level that matches what it means. */
export function logEngineEvent(logger: Logger, event: EngineEvent): void {
  switch (event.type) {
    case 'warning':
      logger.warn({ err: event.error }, event.message);
      return;
    case 'order-ambiguous':
      logger.warn(event, event.type);
      return;
    case 'breaker-tripped':
    case 'lock-compromised':
      logger.error(event, event.type);
      return;
    case 'order-answer':
      logger.info({ answer: event.answer }, 'broker answer');
      return;
    default:
      logger.info(event, event.type);
  }
}

/** Log one event of the state package: a quarantine is an error a person must see, the rest by weight. */
export function logStateEvent(logger: Logger, event: StateEvent): void {
  switch (event.type) {
    case 'quarantined':
    case 'lock-compromised':
      logger.error(event, event.type);
      return;
    case 'history-line-skipped':
      if (event.last) logger.warn(event, 'torn last history line skipped (a write was cut short)');
      else logger.error(event, 'damaged history line skipped');
      return;
    case 'permissions-tightened':
      logger.warn(event, event.type);
      return;
    default:
      logger.info(event, event.type);
  }
}

/** Log one event of the Alpaca adapter: retries and unclear order answers are warnings. */
export function logBrokerEvent(logger: Logger, event: AlpacaBrokerEvent): void {
  logger.warn(event, event.type === 'retry' ? 'broker read retried' : 'order answer unclear');
}
