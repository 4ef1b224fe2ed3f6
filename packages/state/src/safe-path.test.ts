import { statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnsafePathError } from './errors.ts';
import { type Fs, nodeFs } from './fs-port.ts';
import { prepareStateDir, resolveInside } from './safe-path.ts';
import type { StateEvent } from './state-events.ts';

describe('resolveInside', () => {
  const stateDir = '/var/lib/dalio-lite';

  it('resolves names and sub-paths inside the state directory', () => {
    expect(resolveInside(stateDir, 'state.json')).toBe(join(stateDir, 'state.json'));
    expect(resolveInside(`${stateDir}/`, 'a/../b.json')).toBe(join(stateDir, 'b.json'));
    expect(resolveInside('relative/dir', 'x.json')).toBe(resolve('relative/dir', 'x.json'));
  });

  it.each([
    '../x',
    '../../etc/passwd',
    'a/../../x',
    '/etc/passwd',
    '/var/lib/dalio-lite-other/state.json',
    '',
    '.',
  ])('refuses %j with a clear error', (name) => {
    expect(() => resolveInside(stateDir, name)).toThrow(UnsafePathError);
    expect(() => resolveInside(stateDir, name)).toThrow(/outside the state directory \/var\/lib\/dalio-lite/);
  });
});

describe('prepareStateDir', () => {
  it('skips a file that vanishes between the listing and its lstat (another writer renamed its temp file)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-prepare-'));
    writeFileSync(join(dir, 'state.json'), '{}', { mode: 0o644 });
    const events: StateEvent[] = [];
    const racing: Fs = {
      ...nodeFs,
      readdir: async (path) => [...(await nodeFs.readdir(path)), '.state.json.4242.0123456789ab.tmp'],
    };
    await prepareStateDir(racing, dir, (event) => events.push(event));
    expect(statSync(join(dir, 'state.json')).mode & 0o777).toBe(0o600);
    expect(events).toEqual([expect.objectContaining({ type: 'permissions-tightened', toMode: 0o600 })]);
  });

  it('still reports other errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-prepare-'));
    writeFileSync(join(dir, 'state.json'), '{}');
    const broken: Fs = {
      ...nodeFs,
      lstat: async (path) => {
        if (path.endsWith('state.json')) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
        return nodeFs.lstat(path);
      },
    };
    await expect(prepareStateDir(broken, dir, () => {})).rejects.toMatchObject({ code: 'EIO' });
  });
});
