import type { CrashPoints } from '@dalio-lite/state';
import { CliError } from './cli-error.ts';

/**
 * Fault injection for crash testing and soak runs: `DALIO_CRASH_AT=<step>[:<n>]` kills this process with
 * SIGKILL the n-th time (default first) it reaches the named step of a cycle or of a durable write — no
 * finally blocks, no exit hooks, the lock left behind, exactly like a power cut or the OOM killer.
 * `DALIO_PAUSE_AT=<step>[:<n>]` stops it there with SIGSTOP instead (a VM suspend, a debugger), until SIGCONT.
 */
export function crashPointsFromEnv(env: NodeJS.ProcessEnv): CrashPoints | undefined {
  const points = [
    signalAt('DALIO_CRASH_AT', env.DALIO_CRASH_AT, 'SIGKILL'),
    signalAt('DALIO_PAUSE_AT', env.DALIO_PAUSE_AT, 'SIGSTOP'),
  ].filter((point) => point !== undefined);
  if (points.length === 0) return undefined;
  return (name) => {
    for (const point of points) point(name);
  };
}

function signalAt(
  variable: string,
  spec: string | undefined,
  signal: NodeJS.Signals,
): ((name: string) => void) | undefined {
  if (!spec) return undefined;
  const [step, nth = '1'] = spec.split(':');
  let remaining = Number(nth);
  if (!step || !Number.isInteger(remaining) || remaining < 1) {
    throw new CliError(`${variable}: "${spec}" is not <step>[:<n>], e.g. after-submit-sell:2`);
  }
  return (name) => {
    if (name === step && --remaining === 0) process.kill(process.pid, signal);
  };
}

/**
 * `DALIO_LOCK_STALE_MS` shortens the rebalance lock's stale time (default 30 s) for crash tests and soak runs.
 * Every process sharing a state directory must use the same value, so it is never a config-file setting.
 */
export function lockStaleMsFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.DALIO_LOCK_STALE_MS;
  if (!value) return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 2_000)
    throw new CliError(`DALIO_LOCK_STALE_MS: "${value}" must be a whole number of milliseconds ≥ 2000`);
  return ms;
}
