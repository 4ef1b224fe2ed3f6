import { BacktestInputError } from '@dalio-lite/backtest';
import { BackupError, REQUEST_FAULTS } from '@dalio-lite/backup';
import { BrokerRequestError, BrokerUnavailableError } from '@dalio-lite/broker';
import { ConfigError } from '@dalio-lite/config';
import type { DashboardSetupError } from '@dalio-lite/dashboard';
import { GateError } from '@dalio-lite/gate';
import { DurableWriteError, StateCorruptError, StateDirError } from '@dalio-lite/state';
import { StrategyInputError } from '@dalio-lite/strategy';

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

/** Gate refusals that are setup or input to fix (the rest, NO-GO and a tier not ready, exit 1). */
const SETUP_GATE_CODES: ReadonlySet<string> = new Set([
  'pin-mismatch',
  'not-live',
  'confirmation',
  'bad-tier',
]);

/** Permission problems on a state file: the setup to fix, like a bad setting. */
const PERMISSION_CODES: ReadonlySet<string> = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * Known by its name, not its class: importing the class loads the dashboard's whole server (Hono, every route)
 * into every `dalio` command, and only `dalio dashboard` and `dalio demo` can throw it.
 */
function isDashboardSetupError(error: unknown): error is DashboardSetupError {
  return error instanceof Error && error.name === 'DashboardSetupError';
}

/** The one mapping from an error to the exit code: bad input or setup is 2, everything else 1. */
export function exitCodeOf(error: unknown): number {
  const badInput =
    error instanceof CliError ||
    error instanceof ConfigError ||
    error instanceof BacktestInputError ||
    error instanceof StrategyInputError ||
    error instanceof StateDirError ||
    // Naming a backup that is not there, of another account or mode, or older without --force: fix the command.
    (error instanceof BackupError && REQUEST_FAULTS.has(error.fault)) ||
    isDashboardSetupError(error) ||
    (error instanceof GateError && SETUP_GATE_CODES.has(error.code)) ||
    (error instanceof DurableWriteError && error.code !== undefined && PERMISSION_CODES.has(error.code));
  return badInput ? EXIT.usage : EXIT.failure;
}

/** The way out of a quarantined state, for every command that refuses because of it. */
export const STATE_RECOVERY =
  'restore the newest backup that verifies with `dalio backup restore latest` (`--from s3` for the off-site copies), or put a good state.json back yourself and run `dalio state accept-restored`, or start over with `dalio state reset --yes` (it keeps the damaged files and leaves trading halted)';

/** The one line printed for an error, with the way out where there is one. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof StateCorruptError && error.kind !== 'newer-version' && error.kind !== 'unreadable') {
    return `${message}; ${STATE_RECOVERY}`;
  }
  if (error instanceof BrokerUnavailableError) return describeUnreachable(error);
  if (error instanceof DurableWriteError && error.code !== undefined && PERMISSION_CODES.has(error.code)) {
    return `${message}: this user may not write there; fix the owner and permissions of the state directory (it must belong to the user that runs dalio) or set DALIO_STATE_DIR`;
  }
  if (error instanceof BrokerRequestError && (error.status === 401 || error.status === 403)) {
    return `${message}: the broker refused the API keys; check APCA_API_KEY_ID and APCA_API_SECRET_KEY (paper keys for paper, live keys for live)`;
  }
  return message;
}

/** What a network failure means, from the innermost cause that names it (`ECONNREFUSED 127.0.0.1:9`). */
const NETWORK_CAUSES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing is listening there',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be looked up (DNS)',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
};

function describeUnreachable(error: BrokerUnavailableError): string {
  let cause: unknown = error.cause;
  let found: { code: string; where: string } | null = null;
  for (let depth = 0; depth < 6 && typeof cause === 'object' && cause !== null; depth++) {
    const { code, address, port, hostname } = cause as Record<string, unknown>;
    if (typeof code === 'string') {
      const host = typeof address === 'string' ? address : typeof hostname === 'string' ? hostname : null;
      found = { code, where: host === null ? '' : ` ${host}${typeof port === 'number' ? `:${port}` : ''}` };
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  if (found === null) return `the broker could not be reached: ${error.message}`;
  const meaning = NETWORK_CAUSES[found.code] ?? 'a network error';
  return `the broker could not be reached (${found.code}${found.where}: ${meaning}); check the network, DALIO_ALPACA_BASE_URL and the broker's status — ${error.message}`;
}
