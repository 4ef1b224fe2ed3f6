import { resolve, sep } from 'node:path';
import { errnoCode, StateDirError, UnsafePathError } from './errors.ts';
import type { Fs } from './fs-port.ts';
import type { OnStateEvent } from './state-events.ts';

/** Directory mode of the state directory. */
export const STATE_DIR_MODE = 0o700;
/** File mode of every state file. */
export const STATE_FILE_MODE = 0o600;

/** Resolve `name` inside `stateDir`; a relative path escaping it or an absolute path elsewhere throws. */
export function resolveInside(stateDir: string, name: string): string {
  const root = resolve(stateDir);
  const full = resolve(root, name);
  if (!full.startsWith(root + sep)) throw new UnsafePathError(name, root);
  return full;
}

/**
 * Create the state directory 0700 if missing and tighten it and its files (0600) if they are looser. A directory
 * this user cannot create, change or read is a `StateDirError` naming it and the fix.
 */
export async function prepareStateDir(fs: Fs, stateDir: string, onEvent: OnStateEvent): Promise<void> {
  const root = resolve(stateDir);
  await asStateDirError(root, 'mkdir', () => fs.mkdir(root, { recursive: true, mode: STATE_DIR_MODE }));
  await asStateDirError(root, 'chmod', () => tighten(fs, root, STATE_DIR_MODE, onEvent));
  for (const name of await asStateDirError(root, 'readdir', () => fs.readdir(root))) {
    const path = resolveInside(root, name);
    try {
      const stat = await fs.lstat(path);
      if (stat.isFile()) await tighten(fs, path, STATE_FILE_MODE, onEvent);
    } catch (error) {
      // Another process may rename its temp file (or remove one) between the listing and the lstat:
      // a file that is gone needs no tightening.
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
  }
}

/** Run a file-system step on the state directory, turning a permission or path problem into `StateDirError`. */
export async function asStateDirError<T>(dir: string, operation: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const code = errnoCode(error);
    if (StateDirError.covers(code)) throw new StateDirError(dir, code, operation, error);
    throw error;
  }
}

async function tighten(fs: Fs, path: string, mode: number, onEvent: OnStateEvent): Promise<void> {
  const current = (await fs.lstat(path)).mode & 0o777;
  if ((current & ~mode) === 0) return;
  await fs.chmod(path, mode);
  onEvent({ type: 'permissions-tightened', path, fromMode: current, toMode: mode });
}
