import { statSync } from 'node:fs';
import { join } from 'node:path';

/** Remembered reads of a directory's files: `remember(key, files, read)` reads again only when a file changed. */
export type FileMemo = <T>(key: string, files: readonly string[], read: () => Promise<T>) => Promise<T>;

/** Entries kept at most (one per distinct read, e.g. per history page asked for). */
const MAX_ENTRIES = 256;

/**
 * Answer repeated reads of state-directory files from memory while the files are unchanged: a `stat` of each
 * (inode, size, mtime) instead of reading and verifying their checksums on every request. Concurrent reads of
 * the same unchanged files share one read; a failed read is not remembered. A value is never older than the
 * files' marks it was stored under, since the read starts after the look.
 */
export function createFileMemo(dir: string): FileMemo {
  const entries = new Map<string, { mark: string; value: Promise<unknown> }>();
  // A synchronous stat: a few microseconds on a local file, where the thread pool's round trip and a thrown
  // ENOENT for a file not written yet cost a polled read most of its time.
  const markOf = (files: readonly string[]) =>
    files
      .map((file) => {
        const info = statSync(join(dir, file), { throwIfNoEntry: false });
        return info ? `${info.ino}:${info.size}:${info.mtimeMs}` : 'none';
      })
      .join('|');
  return async <T>(key: string, files: readonly string[], read: () => Promise<T>): Promise<T> => {
    const mark = markOf(files);
    const known = entries.get(key);
    if (known && known.mark === mark) return known.value as Promise<T>;
    if (entries.size >= MAX_ENTRIES) entries.clear();
    const value = read();
    entries.set(key, { mark, value });
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    return value;
  };
}
