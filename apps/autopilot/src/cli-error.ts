import { BacktestInputError } from '@dalio-lite/backtest';
import { ConfigError } from '@dalio-lite/config';
import { StateCorruptError } from '@dalio-lite/state';

/** Exit codes of the `dalio` command: 0 done, 1 a person should look, 2 bad input (fix the command or config). */
export const EXIT = Object.freeze({ ok: 0, failure: 1, usage: 2 });

/**
 * Bad input with a one-line message for the user: a flag, an argument, a file the user named. `main` prints
 * `dalio: <message>` (or a JSON error with `--json`) and exits 2; no stack trace.
 */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
  }
}

/** The command could not finish for a reason outside its input (the broker, the disk, the network). Exits 1. */
export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
  }
}

/** The one mapping from an error to the exit code: bad input is 2, everything else 1. */
export function exitCodeOf(error: unknown): number {
  const badInput =
    error instanceof CliError || error instanceof ConfigError || error instanceof BacktestInputError;
  return badInput ? EXIT.usage : EXIT.failure;
}

/** The way out of a quarantined state, for every command that refuses because of it. */
export const STATE_RECOVERY =
  'put a good state.json back from a backup and run `dalio state accept-restored`, or start over with `dalio state reset --yes` (it keeps the damaged files and leaves trading halted)';

/** The one line printed for an error, with the way out where there is one. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof StateCorruptError && error.kind !== 'newer-version' && error.kind !== 'unreadable') {
    return `${message}; ${STATE_RECOVERY}`;
  }
  return message;
}
