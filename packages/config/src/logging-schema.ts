import { choice, optionalPath, section } from './schema-fields.ts';

/** `logging:` — level and an optional log file (relative to the config file). */
export const loggingSchema = section({
  level: choice(['debug', 'info', 'warn', 'error'], 'a log level').default('info'),
  file: optionalPath(),
});
