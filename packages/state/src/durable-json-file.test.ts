import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDurableJsonFile } from './durable-json-file.ts';
import { StateCorruptError, UnsafePathError } from './errors.ts';
import { createHeartbeat } from './heartbeat.ts';

const counters = z.object({ cycles: z.number().int().nonnegative() });
let stateDir: string;
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'dalio-json-'));
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

describe('createDurableJsonFile', () => {
  it('reads null before the first write, then the verified value from a 0600 checksummed envelope', async () => {
    const file = createDurableJsonFile({ stateDir, fileName: 'counters.json', schema: counters });
    expect(await file.read()).toBeNull();
    await file.write({ cycles: 1 });
    await file.write({ cycles: 2 });
    expect(await file.read()).toEqual({ cycles: 2 });
    const onDisk = JSON.parse(readFileSync(file.path, 'utf8'));
    expect(onDisk).toMatchObject({ schemaVersion: 1, seq: 2, payload: { cycles: 2 } });
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
  });

  it('quarantines corrupt content on read, and a later write replaces it', async () => {
    const file = createDurableJsonFile({ stateDir, fileName: 'counters.json', schema: counters });
    await file.write({ cycles: 5 });
    writeFileSync(file.path, readFileSync(file.path, 'utf8').replace('"cycles": 5', '"cycles": 6'));
    await expect(file.read()).rejects.toMatchObject({ name: 'StateCorruptError', kind: 'checksum' });
    expect(readdirSync(stateDir).some((name) => name.startsWith('counters.json.corrupt-'))).toBe(true);
    await file.write({ cycles: 0 });
    expect(await file.read()).toEqual({ cycles: 0 });
  });

  it('refuses file names outside the state directory', () => {
    for (const fileName of ['../escape.json', '/etc/passwd', '..', '.']) {
      expect(() => createDurableJsonFile({ stateDir, fileName, schema: counters })).toThrow(UnsafePathError);
    }
  });
});

describe('createHeartbeat', () => {
  it('records the last cycle time and outcome', async () => {
    const heartbeat = createHeartbeat({ stateDir });
    const beat = {
      at: '2025-09-26T14:31:10.000Z',
      outcome: 'committed' as const,
      day: '2025-09-26',
      detail: '4 orders',
    };
    await heartbeat.write(beat);
    expect(await createHeartbeat({ stateDir }).read()).toEqual(beat);
    await expect(heartbeat.write({ ...beat, outcome: 'bogus' as 'hold' })).rejects.toThrow(/heartbeat\.json/);
    expect(await heartbeat.read()).toEqual(beat);
  });

  it('never reads an empty heartbeat file as "no heartbeat"', async () => {
    const heartbeat = createHeartbeat({ stateDir });
    await heartbeat.write({ at: '2025-09-26T14:31:10.000Z', outcome: 'hold', day: null, detail: '' });
    writeFileSync(heartbeat.path, '');
    await expect(heartbeat.read()).rejects.toBeInstanceOf(StateCorruptError);
  });
});
