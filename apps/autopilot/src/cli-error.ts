/** Exit codes of the `dalio` command. */
export const EXIT = Object.freeze({ ok: 0, failure: 1, usage: 2 });

/**
 * An expected failure with a one-line message for the user: bad input, bad config, a refused action.
 * `main` prints `dalio: <message>` (or a JSON error with `--json`) and exits with `exitCode`; no stack trace.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.exitCode = options.exitCode ?? EXIT.usage;
  }
}
