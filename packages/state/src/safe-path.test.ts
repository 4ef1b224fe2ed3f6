import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnsafePathError } from './errors.ts';
import { resolveInside } from './safe-path.ts';

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
