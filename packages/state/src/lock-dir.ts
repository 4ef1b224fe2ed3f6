import { lock as lockFile } from 'proper-lockfile';
import { errnoCode, LockError } from './errors.ts';
import type { OnStateEvent } from './state-events.ts';

/** A lock directory this process holds; `compromisedReason` is set (never thrown) when it was lost. */
export interface LockDir {
  unlock(): Promise<void>;
  compromisedReason(): string | null;
}

/**
 * Take a proper-lockfile lock directory at `lockPath` with the caller's shared timing. A lost lock is reported
 * through `onEvent` and `compromisedReason` instead of proper-lockfile's default throw from a timer, which
 * would crash the process. Answers `busy` when another holder keeps it past the retries.
 */
export async function takeLockDir(
  lockPath: string,
  options: { staleMs: number; updateMs: number; retries: number | object; onEvent: OnStateEvent },
): Promise<LockDir | 'busy'> {
  let compromisedReason: string | null = null;
  try {
    const unlock = await lockFile(lockPath, {
      lockfilePath: lockPath,
      realpath: false,
      stale: options.staleMs,
      update: options.updateMs,
      retries: options.retries,
      onCompromised: (error) => {
        compromisedReason = error.message;
        options.onEvent({ type: 'lock-compromised', path: lockPath, message: error.message });
      },
    });
    return { unlock, compromisedReason: () => compromisedReason };
  } catch (error) {
    if (errnoCode(error) === 'ELOCKED') return 'busy';
    throw new LockError('unavailable', `cannot take the lock ${lockPath}: ${String(error)}`, error);
  }
}
