/** What a ConfigError is built from. */
export interface ConfigErrorOptions {
  /** The file (as the user named it) or `environment`. */
  source: string;
  /** Dotted path of the bad setting (`policy.absoluteBandPct`), an environment variable, or null for the whole file. */
  key: string | null;
  /** `<problem>, <what is allowed / the fix>` */
  problem: string;
  /** Every problem found as one-line messages, the first being this error's message. */
  issues?: readonly string[];
  cause?: unknown;
}

/**
 * A bad setting. The message is one line, `<source>: <key>: <problem>, <fix>`, fit to print as is;
 * the CLI turns it into exit code 2 without a stack trace.
 */
export class ConfigError extends Error {
  readonly source: string;
  readonly key: string | null;
  readonly issues: readonly string[];

  constructor(options: ConfigErrorOptions) {
    const message = formatConfigProblem(options.source, options.key, options.problem);
    super(message, { cause: options.cause });
    this.name = 'ConfigError';
    this.source = options.source;
    this.key = options.key;
    this.issues = options.issues ?? [message];
  }
}

/** The one-line text of a config problem: `<source>: <key>: <problem>`. */
export function formatConfigProblem(source: string, key: string | null, problem: string): string {
  const text = key === null || key === '' ? `${source}: ${problem}` : `${source}: ${key}: ${problem}`;
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
