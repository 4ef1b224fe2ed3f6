import { mkdtemp, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileMemo } from './file-memo.ts';

describe('remembered reads of state files', () => {
  it('reads once while the file is unchanged, again as soon as another process replaces it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-memo-'));
    await writeFile(join(dir, 'state.json'), '{"seq":1}');
    const memo = createFileMemo(dir);
    let reads = 0;
    const read = () => memo('state', ['state.json'], async () => ++reads);
    expect(await Promise.all([read(), read(), read()])).toEqual([1, 1, 1]);
    expect(await read()).toBe(1);
    // A durable write: a temp file renamed over the old one (a new inode, whatever the size and time).
    await writeFile(join(dir, 'state.json.tmp'), '{"seq":2}');
    await rename(join(dir, 'state.json.tmp'), join(dir, 'state.json'));
    expect(await read()).toBe(2);
    expect(await read()).toBe(2);
  });

  it('does not remember a failed read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-memo-'));
    const memo = createFileMemo(dir);
    let attempts = 0;
    const read = () =>
      memo('state', ['state.json'], async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('unreadable');
        return 'ok';
      });
    await expect(read()).rejects.toThrow('unreadable');
    expect(await read()).toBe('ok');
  });
});
