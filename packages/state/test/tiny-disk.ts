import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A directory on a real 64 KiB tmpfs, or null when this machine does not allow mounting. */
export interface TinyDisk {
  dir: string;
  mounted: boolean;
  dispose(): void;
}

/** Mount a tmpfs of `sizeKiB` on a fresh directory; falls back to an unmounted directory when not permitted. */
export function mountTinyDisk(sizeKiB = 64): TinyDisk {
  const dir = mkdtempSync(join(tmpdir(), 'dalio-tiny-'));
  let mounted = false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k,mode=0700`, 'tmpfs', dir], {
      stdio: 'ignore',
    });
    mounted = true;
  } catch {
    mounted = false;
  }
  return {
    dir,
    mounted,
    dispose() {
      if (mounted) execFileSync('umount', [dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
