import { createDurableJsonFile, type DurableJsonFileOptions, StateCorruptError } from '@dalio-lite/state';
import { lock } from 'proper-lockfile';

/**
 * A small durable JSON file that several processes update (the daemon, `dalio run`, `dalio health`): each
 * read-modify-write holds a short lock, so no increment is lost and a counter never goes back.
 */
export interface LockedJsonFile<T> {
  readonly path: string;
  /** The verified value, or null when there is none yet (or it was corrupt and has been quarantined). */
  read(): Promise<T | null>;
  /** Apply `change` to the current value under the lock and write the result durably. */
  update(change: (current: T | null) => T): Promise<T>;
}

/** Every process must use these values for the lock to work (held for milliseconds). */
const LOCK_OPTIONS = {
  realpath: false,
  stale: 10_000,
  update: 2_000,
  retries: { retries: 200, factor: 1.2, minTimeout: 5, maxTimeout: 100, randomize: true },
} as const;

/** Create a locked durable JSON file in the state directory (the state package's checksummed envelope). */
export function createLockedJsonFile<T>(options: DurableJsonFileOptions<T>): LockedJsonFile<T> {
  const file = createDurableJsonFile(options);
  const readOrNull = async (): Promise<T | null> => {
    try {
      return await file.read();
    } catch (error) {
      // Corrupt content was quarantined and reported through onEvent; start over rather than stop recording.
      if (error instanceof StateCorruptError && error.quarantinePath !== null) return null;
      throw error;
    }
  };
  return {
    path: file.path,
    read: readOrNull,
    async update(change) {
      // Prepares the directory (0700) before the lock directory is made inside it.
      await file.read().catch(() => null);
      const release = await lock(file.path, {
        ...LOCK_OPTIONS,
        // Held for milliseconds; a lost lock only risks one merge, never a crash of the process.
        onCompromised: () => {},
      });
      try {
        const next = change(await readOrNull());
        await file.write(next);
        return next;
      } finally {
        await release().catch(() => {});
      }
    },
  };
}
