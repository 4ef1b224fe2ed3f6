import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type * as z from 'zod';
import { configFileSchema } from './config-schema.ts';
import { defaultConfig, parseConfig } from './load-config.ts';
import { allowedKeysAt, schemaAt, unwrap } from './schema-walk.ts';

const examplePath = fileURLToPath(new URL('../dalio.example.yaml', import.meta.url));
const exampleText = readFileSync(examplePath, 'utf8');
// With keys: the example names no broker, so it trades Alpaca paper, as the defaults do with keys.
const env = { HOME: '/home/ada', APCA_API_KEY_ID: 'PKTESTKEYID', APCA_API_SECRET_KEY: 'test-secret-value' };

/** Every key path of the schema's objects, through lists and unions. */
function keyPaths(schema: z.ZodType, prefix: string[] = []): string[][] {
  const inner = unwrap(schema);
  const def = inner._zod.def as unknown as {
    type: string;
    shape?: Record<string, z.ZodType>;
    element?: z.ZodType;
    options?: z.ZodType[];
  };
  if (def.type === 'object') {
    return Object.entries(def.shape ?? {}).flatMap(([key, child]) => [
      [...prefix, key],
      ...keyPaths(child, [...prefix, key]),
    ]);
  }
  if (def.type === 'array' && def.element) return keyPaths(def.element, prefix);
  if (def.type === 'union') return (def.options ?? []).flatMap((option) => keyPaths(option, prefix));
  return [];
}

describe('dalio.example.yaml', () => {
  test('parses to exactly the defaults', () => {
    const fromExample = parseConfig(exampleText, 'dalio.example.yaml', env, { cwd: '/home/ada' });
    expect({ ...fromExample, source: null }).toEqual(defaultConfig(env, { cwd: '/home/ada' }));
    expect(fromExample.source).toBe('/home/ada/dalio.example.yaml');
  });

  test('documents every setting, as a key or in a comment', () => {
    const data = parseYaml(exampleText) as unknown;
    const missing = keyPaths(configFileSchema).filter((path) => {
      const parent = path
        .slice(0, -1)
        .reduce<unknown>(
          (node, key) =>
            node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
          data,
        );
      const key = path.at(-1) ?? '';
      const inFile = parent !== null && typeof parent === 'object' && !Array.isArray(parent) && key in parent;
      // Alternatives (allocation.targets) and examples inside null sections (backup.s3) are shown commented out.
      return !inFile && !new RegExp(`^\\s*#.*\\b${key}:`, 'm').test(exampleText);
    });
    expect(missing.map((path) => path.join('.'))).toEqual([]);
  });

  test('the walk used above sees the real schema', () => {
    expect(allowedKeysAt(configFileSchema, ['policy'], {})).toEqual([
      'absoluteBandPct',
      'relativeBandPct',
      'calendar',
      'minDaysBetween',
    ]);
    expect(schemaAt(configFileSchema, ['broker', 'simulator', 'seed'], {})).not.toBeNull();
  });
});
