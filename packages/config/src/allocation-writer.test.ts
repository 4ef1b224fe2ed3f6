import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { writeAllocation } from './allocation-writer.ts';
import { ConfigError } from './errors.ts';
import { parseConfig } from './load-config.ts';

// With keys, a file that names no broker trades Alpaca paper; without, it must name one.
const env = { HOME: '/home/ada', APCA_API_KEY_ID: 'PKTESTKEYID', APCA_API_SECRET_KEY: 'test-secret-value' };
const example = readFileSync(new URL('../dalio.example.yaml', import.meta.url), 'utf8');

describe('writeAllocation', () => {
  test('custom weights replace the preset; every comment and every other setting stays as written', () => {
    const text = writeAllocation(example, { targetsPct: { VTI: 50, TLT: 30, GLD: 20 } }, 'dalio.yaml');
    const config = parseConfig(text, 'dalio.yaml', env, { cwd: '/tmp' });
    expect(config.allocation).toEqual({ preset: 'custom', targets: { VTI: 0.5, TLT: 0.3, GLD: 0.2 } });
    expect(text).toContain('targets: { VTI: 50, TLT: 30, GLD: 20 }');
    expect(text).not.toMatch(/^\s*preset: dalio-lite/m);
    // Every comment survives (the yaml library may re-indent a comment that ends a section).
    const comments = (yaml: string) =>
      yaml
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.startsWith('#'));
    expect(comments(text)).toEqual(comments(example));
    const {
      allocation: _before,
      source: _s1,
      ...restBefore
    } = parseConfig(example, 'dalio.yaml', env, {
      cwd: '/tmp',
    });
    const { allocation: _after, source: _s2, ...restAfter } = config;
    expect(restAfter).toEqual(restBefore);
  });

  test('a preset replaces custom weights, and a file without allocation gains one', () => {
    const custom = 'mode: paper\nallocation:\n  targets: { VTI: 60, AGG: 40 }\n';
    const text = writeAllocation(custom, { preset: 'permanent' }, 'dalio.yaml');
    expect(parseConfig(text, 'dalio.yaml', env).allocation.preset).toBe('permanent');
    expect(text).not.toContain('targets');
    const bare = writeAllocation('# mine\nmode: paper\n', { preset: 'all-weather' }, 'dalio.yaml');
    expect(bare.startsWith('# mine\nmode: paper\n')).toBe(true);
    expect(parseConfig(bare, 'dalio.yaml', env).allocation.preset).toBe('all-weather');
  });

  test('no file yet: a new one holding only the allocation', () => {
    const text = writeAllocation(null, { targetsPct: { VTI: 100 } }, 'dalio.yaml');
    expect(text).toBe('allocation:\n  targets: { VTI: 100 }\n');
  });

  test('a file that is not valid YAML is refused with the fix, not overwritten', () => {
    expect(() => writeAllocation('mode: [paper\n', { preset: 'permanent' }, 'dalio.yaml')).toThrow(
      ConfigError,
    );
    expect(() => writeAllocation('- a\n- b\n', { preset: 'permanent' }, 'dalio.yaml')).toThrow(
      /mapping of settings/,
    );
  });
});
