import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { type CrashPoints, type DurableWriteStep, noCrashPoints } from './crash-points.ts';
import { DurableWriteError } from './errors.ts';
import { type Fs, type FsFileHandle, nodeFs } from './fs-port.ts';

/** Options of a durable write. */
export interface DurableWriteOptions {
  fs?: Fs;
  /** Called at each named step (see `DURABLE_WRITE_STEPS`); tests kill the process there. */
  onStep?: CrashPoints;
  /** File mode of the new file; default 0600. */
  mode?: number;
}

/** Marks an error raised after the rename, when the new file is visible but maybe not yet durable. */
const AFTER_RENAME: ReadonlySet<string> = new Set(['after-rename-before-dir-fsync', 'dir-fsync']);

/**
 * Replace `path` with `data` so that a crash or error at any point leaves either the old or the new
 * bytes: temp file in the same directory, every byte written (short writes looped), fsync, rename,
 * fsync of the directory. On error before the rename the old file is untouched and the temp file removed.
 */
export async function writeFileDurably(
  path: string,
  data: string | Uint8Array,
  options: DurableWriteOptions = {},
): Promise<void> {
  const fs = options.fs ?? nodeFs;
  const onStep = options.onStep ?? noCrashPoints;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const dir = dirname(path);
  const tempPath = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let step = 'before-temp-open';
  let handle: FsFileHandle | undefined;
  let tempExists = false;
  const at = async (name: DurableWriteStep): Promise<void> => {
    step = name;
    await onStep(name);
  };
  try {
    await at('before-temp-open');
    handle = await fs.open(tempPath, 'wx', options.mode ?? 0o600);
    tempExists = true;
    await at('before-temp-write');
    await writeAll(handle, bytes);
    await at('after-temp-write-before-fsync');
    await handle.sync();
    await at('after-fsync-before-close');
    const closing = handle;
    handle = undefined;
    await closing.close();
    await at('before-rename');
    await fs.rename(tempPath, path);
    tempExists = false;
    await at('after-rename-before-dir-fsync');
    step = 'dir-fsync';
    await syncDirectory(fs, dir);
    await at('after-dir-fsync');
  } catch (error) {
    if (handle) await handle.close().catch(() => {});
    if (tempExists) await fs.unlink(tempPath).catch(() => {});
    throw new DurableWriteError(path, step, error, AFTER_RENAME.has(step));
  }
}

/** Write every byte, looping on short writes; a write that makes no progress is an error, not a loop. */
export async function writeAll(
  handle: FsFileHandle,
  bytes: Uint8Array,
  position: number | null = 0,
): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(
      bytes,
      offset,
      bytes.length - offset,
      position === null ? null : position + offset,
    );
    if (!Number.isInteger(bytesWritten) || bytesWritten <= 0) {
      throw Object.assign(new Error(`write made no progress after ${offset} of ${bytes.length} bytes`), {
        code: 'EIO',
      });
    }
    offset += bytesWritten;
  }
}

/** fsync a directory so a rename or a newly created file in it survives power loss. */
export async function syncDirectory(fs: Fs, dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
