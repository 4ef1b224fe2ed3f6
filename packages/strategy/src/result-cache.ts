import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { STATE_DIR_MODE, sha256OfJson, writeFileDurably } from '@dalio-lite/state';
import type { z } from 'zod';

/** Results by the hash of their inputs: a repeat of the same request is answered without computing it again. */
export interface ResultCache<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T): Promise<void>;
}

/** How much to keep, and where on disk (optional) with the schema a file must pass to count as a hit. */
export interface ResultCacheOptions<T> {
  /** Entries kept in memory (least recently used dropped first); default 32. */
  maxEntries?: number;
  /** Also keep results as JSON files here (e.g. `<stateDir>/cache/strategy`), so a new process starts warm. */
  disk?: {
    dir: string;
    schema: z.ZodType<T>;
    maxFiles?: number;
    /** A result that could not be written (a read-only state directory) is still returned; this hears why. */
    onWriteError?: (error: unknown) => void;
  };
}

/** The cache key of a request: sha256 of its canonical JSON, so equal inputs always meet. */
export function cacheKey(inputs: unknown): string {
  return sha256OfJson(inputs);
}

/** Create a cache in memory, optionally backed by a directory of JSON files. */
export function createResultCache<T>(options: ResultCacheOptions<T> = {}): ResultCache<T> {
  const maxEntries = options.maxEntries ?? 32;
  const memory = new Map<string, T>();
  const remember = (key: string, value: T) => {
    memory.delete(key);
    memory.set(key, value);
    for (const oldest of memory.keys()) {
      if (memory.size <= maxEntries) break;
      memory.delete(oldest);
    }
  };
  const { disk } = options;
  return {
    async get(key) {
      const held = memory.get(key);
      if (held !== undefined) {
        remember(key, held);
        return held;
      }
      if (!disk) return undefined;
      const value = await readCacheFile(join(disk.dir, `${key}.json`), disk.schema);
      if (value !== undefined) remember(key, value);
      return value;
    },
    async set(key, value) {
      remember(key, value);
      if (!disk) return;
      try {
        await mkdir(disk.dir, { recursive: true, mode: STATE_DIR_MODE });
        await writeFileDurably(join(disk.dir, `${key}.json`), JSON.stringify(value));
        await pruneCacheDir(disk.dir, disk.maxFiles ?? 16);
      } catch (error) {
        disk.onWriteError?.(error);
      }
    },
  };
}

/** A cached file's value, or undefined when it is missing or no longer passes the schema (a miss, never an error). */
async function readCacheFile<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Keep the newest `maxFiles` results; the cache must not grow the state directory without bound. */
async function pruneCacheDir(dir: string, maxFiles: number): Promise<void> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  if (names.length <= maxFiles) return;
  const aged = await Promise.all(
    names.map(async (name) => ({
      name,
      mtimeMs: (await stat(join(dir, name)).catch(() => null))?.mtimeMs ?? 0,
    })),
  );
  aged.sort((a, b) => b.mtimeMs - a.mtimeMs);
  // Another process may prune at the same time: a file already gone is fine.
  await Promise.all(aged.slice(maxFiles).map(({ name }) => unlink(join(dir, name)).catch(() => undefined)));
}
