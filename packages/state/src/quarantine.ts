import type { Fs } from './fs-port.ts';

/**
 * Move a file that failed verification aside as `<name>.corrupt-<time>` (never deleted, kept for the
 * operator) so the next reader cannot mistake it for good state. Returns the new path.
 */
export async function quarantineFile(fs: Fs, path: string, now: Date): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (let attempt = 0; ; attempt += 1) {
    const target = `${path}.corrupt-${stamp}${attempt === 0 ? '' : `-${attempt}`}`;
    try {
      await fs.lstat(target);
    } catch {
      await fs.rename(path, target);
      return target;
    }
  }
}
