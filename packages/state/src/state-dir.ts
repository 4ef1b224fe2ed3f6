import { resolve } from 'node:path';
import type { CheckedFileContext } from './checked-json-file.ts';
import type { CrashPoints } from './crash-points.ts';
import { errnoCode } from './errors.ts';
import { type Fs, nodeFs } from './fs-port.ts';
import { prepareStateDir, resolveInside } from './safe-path.ts';
import { ignoreStateEvents, type OnStateEvent } from './state-events.ts';

/** Options every state-directory component takes. */
export interface StateDirOptions {
  /** The state directory; created 0700 if missing. */
  stateDir: string;
  fs?: Fs;
  now?: () => Date;
  onEvent?: OnStateEvent;
  /** Crash-point hook passed to every durable write. */
  onStep?: CrashPoints;
}

/** A state directory opened once: resolves paths inside it and prepares it before first use. */
export interface StateDir {
  readonly root: string;
  readonly context: CheckedFileContext;
  /** Resolve a file name inside the directory (refuses anything outside). */
  path(name: string): string;
  /** Create/tighten the directory and remove temp files of dead writers; runs once. */
  ready(): Promise<void>;
}

const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/** Open a state directory with its I/O context. */
export function openStateDir(options: StateDirOptions): StateDir {
  const root = resolve(options.stateDir);
  const fs = options.fs ?? nodeFs;
  const onEvent = options.onEvent ?? ignoreStateEvents;
  const context: CheckedFileContext = {
    fs,
    now: options.now ?? (() => new Date()),
    onEvent,
    ...(options.onStep ? { onStep: options.onStep } : {}),
  };
  let preparing: Promise<void> | undefined;
  const prepare = async (): Promise<void> => {
    await prepareStateDir(fs, root, onEvent);
    for (const name of await fs.readdir(root)) {
      const pid = TEMP_FILE.exec(name)?.[1];
      if (pid === undefined || isAlive(Number(pid))) continue;
      const path = resolveInside(root, name);
      await fs.unlink(path).catch(() => {});
      onEvent({ type: 'orphan-temp-removed', path });
    }
  };
  return {
    root,
    context,
    path: (name) => resolveInside(root, name),
    ready() {
      preparing ??= prepare().catch((error: unknown) => {
        preparing = undefined;
        throw error;
      });
      return preparing;
    },
  };
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}
