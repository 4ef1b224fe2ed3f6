import type { DalioConfig } from '@dalio-lite/config';
import type { EngineEvent } from '@dalio-lite/engine';
import { type Logger, pino } from 'pino';

/** JSON logs for the daemon and for `--verbose`: to the configured file, else to stderr. Secrets never reach it. */
export function createLogger(config: DalioConfig, options: { level?: string } = {}): Logger {
  const level = options.level ?? config.logging.level;
  const destination = config.logging.file
    ? pino.destination({ dest: config.logging.file, mkdir: true, sync: false })
    : pino.destination(2);
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
