import { createRequire } from 'node:module';
import type { AlpacaBrokerEvent } from '@dalio-lite/broker';
import type { DalioConfig } from '@dalio-lite/config';
import type { EngineEvent } from '@dalio-lite/engine';
import { createRedactor } from '@dalio-lite/observability';
import type { StateEvent } from '@dalio-lite/state';
import { type DestinationStream, type Logger, pino } from 'pino';
import type PinoPretty from 'pino-pretty';

/** How a log is written: level, and human-readable lines instead of JSON (a terminal). */
export interface LoggerOptions {
  level?: string;
  /** Human-readable lines; default: when logging to stderr and stderr is a terminal. */
  pretty?: boolean;
  /** The environment, for secrets the config only names (the SMTP URL's variable). */
  env?: NodeJS.ProcessEnv;
  /** Where lines go instead of the file or stderr (tests read them here). */
  destination?: DestinationStream;
}

/**
 * The log of a one-shot command: warnings and errors on stderr (everything at the configured level when a log
 * file is set, or at `info` with `--verbose`), so a quarantine or a skipped history line is never silent.
 */
export function createCommandLogger(
  config: DalioConfig,
  verbose = false,
  options: LoggerOptions = {},
): Logger {
  return createLogger(config, {
    ...options,
    level: verbose ? 'info' : config.logging.file ? config.logging.level : 'warn',
  });
}

/** Every secret value the config holds or names, for the logger to remove wherever it appears. */
export function configSecrets(config: DalioConfig, env: NodeJS.ProcessEnv = {}): string[] {
  const secrets = [
    config.broker.alpaca.keyId,
    config.broker.alpaca.secretKey,
    config.dashboard.token,
    config.notifications.successPingUrl,
  ];
  for (const channel of config.notifications.channels) {
    if (channel.kind === 'webhook') secrets.push(channel.url);
    if (channel.kind === 'email') secrets.push(env[channel.smtpUrlEnv] ?? null);
  }
  return secrets.filter((secret): secret is string => typeof secret === 'string' && secret !== '');
}

const cycleIds = new WeakMap<Logger, { cycleId: string | null }>();

/** pino-pretty, loaded only for a terminal: most runs (timers, scripts, `--json`) never print to one. */
const loadPretty = (): typeof PinoPretty => createRequire(import.meta.url)('pino-pretty');

/**
 * One JSON line per event, with a dotted `event` name and the `cycleId` of the cycle in progress, to the
 * configured file or else stderr (human-readable on a terminal). The logger itself removes API keys, tokens,
 * webhook and SMTP URLs and any field named like a secret (Authorization headers included), so no call site
 * can leak one.
 */
export function createLogger(config: DalioConfig, options: LoggerOptions = {}): Logger {
  const level = options.level ?? config.logging.level;
  const redactor = createRedactor(configSecrets(config, options.env));
  const toTerminal = options.pretty ?? (!config.logging.file && process.stderr.isTTY === true);
  const destination: DestinationStream = options.destination
    ? options.destination
    : config.logging.file
      ? pino.destination({ dest: config.logging.file, mkdir: true, sync: false })
      : toTerminal
        ? loadPretty()({
            destination: 2,
            sync: true,
            colorize: true,
            translateTime: 'SYS:HH:MM:ss',
            ignore: 'pid,hostname,app,mode',
          })
        : // Synchronous on stderr, so a log line never lands after the command's own last line.
          pino.destination({ dest: 2, sync: true });
  const context = { cycleId: null as string | null };
  const logger = pino(
    {
      level,
      base: { app: 'dalio', mode: config.mode },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => (context.cycleId ? { cycleId: context.cycleId } : {}),
      formatters: { log: (object) => redactor.scrubValue(object) },
      hooks: { streamWrite: (line) => redactor.scrubText(line) },
    },
    destination,
  );
  cycleIds.set(logger, context);
  return logger;
}

/** Tag every following line of this logger with the cycle's id (null ends it). */
export function setLogCycle(logger: Logger, cycleId: string | null): void {
  const context = cycleIds.get(logger);
  if (context) context.cycleId = cycleId;
}

const ENGINE_EVENTS: Readonly<Record<EngineEvent['type'], string>> = {
  'cycle-started': 'cycle.started',
  'lock-busy': 'cycle.lock_busy',
  'lock-compromised': 'cycle.lock_lost',
  reconciled: 'cycle.reconciled',
  refused: 'cycle.refused',
  'breaker-tripped': 'risk.breaker_tripped',
  decision: 'cycle.decision',
  'intent-written': 'cycle.intent_written',
  'order-answer': 'order.answer',
  'buys-fitted': 'order.buys_fitted',
  'order-ambiguous': 'order.ambiguous',
  'cycle-finished': 'cycle.finished',
  warning: 'engine.warning',
};

/** Log one engine event at a level that matches what it means; the cycle's id tags the lines in between. */
export function logEngineEvent(logger: Logger, event: EngineEvent): void {
  if (event.type === 'cycle-started') setLogCycle(logger, event.cycleId);
  const name = ENGINE_EVENTS[event.type];
  switch (event.type) {
    case 'warning':
      logger.warn({ event: name, err: event.error }, event.message);
      break;
    case 'order-ambiguous':
      logger.warn({ ...event, event: name }, event.type);
      break;
    case 'breaker-tripped':
    case 'lock-compromised':
      logger.error({ ...event, event: name }, event.type);
      break;
    case 'order-answer':
      logger.info({ event: name, answer: event.answer }, 'broker answer');
      break;
    default:
      logger.info({ ...event, event: name }, event.type);
  }
  if (event.type === 'cycle-finished') setLogCycle(logger, null);
}

/** Log one event of the state package: a quarantine is an error a person must see, the rest by weight. */
export function logStateEvent(logger: Logger, event: StateEvent): void {
  const tagged = { ...event, event: `state.${event.type.replaceAll('-', '_')}` };
  switch (event.type) {
    case 'quarantined':
    case 'lock-compromised':
      logger.error(tagged, event.type);
      return;
    case 'history-line-skipped':
      if (event.last) logger.warn(tagged, 'torn last history line skipped (a write was cut short)');
      else logger.error(tagged, 'damaged history line skipped');
      return;
    case 'permissions-tightened':
      logger.warn(tagged, event.type);
      return;
    default:
      logger.info(tagged, event.type);
  }
}

/** Log one event of the Alpaca adapter: retries and unclear order answers are warnings. */
export function logBrokerEvent(logger: Logger, event: AlpacaBrokerEvent): void {
  const tagged = { ...event, event: `broker.${event.type.replaceAll('-', '_')}` };
  logger.warn(tagged, event.type === 'retry' ? 'broker read retried' : 'order answer unclear');
}
