import { lstat, mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, STATE_DIR_MODE, STATE_FILE_MODE, writeFileDurably } from '@dalio-lite/state';
import { assertPlainKey, type BackupStore, type StoredObject } from './backup-store.ts';
import { BackupError } from './errors.ts';

/**
 * The local directory store: one file per object, each written durably (temp file, fsync, rename, fsync of the
 * directory), 0600 in a 0700 directory.
 */
export function createLocalStore(dir: string): BackupStore {
  const unavailable = (operation: string, error: unknown) =>
    new BackupError(
      'store-unavailable',
      `the local backup directory ${dir} cannot be used (${errnoCode(error) ?? String(error)} on ${operation}); fix its owner and permissions or set backup.local.dir`,
      { store: 'local', cause: error },
    );
  const guard = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof BackupError) throw error;
      throw unavailable(operation, error);
    }
  };
  const ready = () => mkdir(dir, { recursive: true, mode: STATE_DIR_MODE });
  const path = (key: string) => {
    assertPlainKey(key);
    return join(dir, key);
  };

  return {
    kind: 'local',
    location: dir,
    put: (key, body) =>
      guard(`writing ${key}`, async () => {
        await ready();
        await writeFileDurably(path(key), body, { mode: STATE_FILE_MODE });
      }),
    get: (key) =>
      guard(`reading ${key}`, async () => {
        try {
          return await readFile(path(key));
        } catch (error) {
          if (errnoCode(error) === 'ENOENT') return null;
          throw error;
        }
      }),
    head: (key) =>
      guard(`reading ${key}`, async () => {
        try {
          const stats = await lstat(path(key));
          return stats.isFile() ? { bytes: stats.size } : null;
        } catch (error) {
          if (errnoCode(error) === 'ENOENT') return null;
          throw error;
        }
      }),
    list: () =>
      guard('listing', async () => {
        let names: string[];
        try {
          names = await readdir(dir);
        } catch (error) {
          if (errnoCode(error) === 'ENOENT') return [];
          throw error;
        }
        const objects: StoredObject[] = [];
        for (const name of names) {
          // Temp files of a durable write in progress start with a dot.
          if (name.startsWith('.')) continue;
          const stats = await lstat(join(dir, name)).catch(() => null);
          if (stats?.isFile()) objects.push({ key: name, bytes: stats.size });
        }
        return objects;
      }),
    delete: (key) =>
      guard(`removing ${key}`, async () => {
        try {
          await unlink(path(key));
        } catch (error) {
          if (errnoCode(error) !== 'ENOENT') throw error;
        }
      }),
  };
}
