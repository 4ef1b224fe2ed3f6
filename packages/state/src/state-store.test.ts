import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFaultyFs } from '../test/faulty-fs.ts';
import { appendReason, SHARED_DAY, sampleStatePayload } from '../test/state-fixtures.ts';
import { mountTinyDisk, type TinyDisk } from '../test/tiny-disk.ts';
import { sha256OfJson } from './canonical-json.ts';
import { encodeEnvelope } from './envelope.ts';
import {
  type CorruptionKind,
  DurableWriteError,
  InvalidPayloadError,
  LockError,
  StateCorruptError,
} from './errors.ts';
import { retryBudget } from './rebalance-lock.ts';
import type { StateEvent } from './state-events.ts';
import type { StatePayloadV1 } from './state-migrations.ts';
import { initialStatePayload } from './state-schema.ts';
import { createStateStore } from './state-store.ts';
import { STATE_UPDATE_LOCK_CONFIG } from './state-update-lock.ts';

const NOW = new Date('2025-09-26T15:00:00.000Z');
let root: string;
let stateDir: string;
let events: StateEvent[];
const store = () => createStateStore({ stateDir, now: () => NOW, onEvent: (event) => events.push(event) });
const statePath = () => join(stateDir, 'state.json');

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dalio-store-'));
  stateDir = join(root, 'state');
  events = [];
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function expectQuarantined(kind: CorruptionKind, corrupt: Buffer | string): Promise<void> {
  await store().save(sampleStatePayload());
  writeFileSync(statePath(), corrupt);
  const error = await store()
    .load()
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(StateCorruptError);
  const { quarantinePath } = error as StateCorruptError;
  expect(error).toMatchObject({ kind, path: statePath() });
  expect(quarantinePath).toBe(`${statePath()}.corrupt-2025-09-26T15-00-00-000Z`);
  expect(readFileSync(quarantinePath as string)).toEqual(Buffer.from(corrupt));
  expect(events).toContainEqual(expect.objectContaining({ type: 'quarantined', kind, quarantinePath }));
  // No later reader may see "no state yet": the quarantine is on record until a restore or a reset.
  await expect(store().load()).rejects.toMatchObject({ kind: 'quarantined' });
  await expect(store().update((state) => state)).rejects.toMatchObject({ kind: 'quarantined' });
}

describe('createStateStore', () => {
  it('reads a fresh directory as "never written" and creates it 0700', async () => {
    expect(await store().load()).toBeNull();
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
  });

  it('writes the envelope with a payload checksum and a strictly increasing seq', async () => {
    const first = await store().save(sampleStatePayload());
    const second = await store().update((state) => ({ ...state, highWaterMarkUsd: 11_000 }));
    expect([first.seq, second.seq]).toEqual([1, 2]);
    const onDisk = JSON.parse(readFileSync(statePath(), 'utf8'));
    expect(onDisk).toMatchObject({ schemaVersion: 3, seq: 2, writtenAt: NOW.toISOString() });
    expect(onDisk.sha256).toBe(sha256OfJson(onDisk.payload));
    expect((await store().load())?.payload).toEqual({ ...sampleStatePayload(), highWaterMarkUsd: 11_000 });
    expect(statSync(statePath()).mode & 0o777).toBe(0o600);
  });

  it('tightens a loose directory and files to 0700/0600', async () => {
    mkdirSync(stateDir, { mode: 0o755 });
    chmodSync(stateDir, 0o755);
    writeFileSync(join(stateDir, 'notes.txt'), 'x', { mode: 0o644 });
    await store().load();
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(stateDir, 'notes.txt')).mode & 0o777).toBe(0o600);
    expect(events.filter((event) => event.type === 'permissions-tightened')).toHaveLength(2);
  });

  it('refuses a payload that fails the schema without writing anything', async () => {
    await store().save(sampleStatePayload());
    const before = readFileSync(statePath());
    const bad = { ...sampleStatePayload(), highWaterMarkUsd: -1 };
    await expect(store().save(bad)).rejects.toBeInstanceOf(InvalidPayloadError);
    expect(readFileSync(statePath())).toEqual(before);
  });

  it('keeps the previous state byte-identical when the disk is full', async () => {
    await store().save(sampleStatePayload());
    const before = readFileSync(statePath());
    const { fs } = createFaultyFs({ capacityBytes: 100, maxBytesPerWrite: 64 });
    const full = createStateStore({ stateDir, fs });
    await expect(full.update((state) => ({ ...state, halt: null }))).rejects.toBeInstanceOf(
      DurableWriteError,
    );
    expect(readFileSync(statePath())).toEqual(before);
    expect(readdirSync(stateDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect((await store().load())?.seq).toBe(1);
  });
});

describe('a state store on a real 64 KiB tmpfs', () => {
  const disk: TinyDisk = mountTinyDisk(64);
  afterAll(() => disk.dispose());

  it.runIf(disk.mounted)(
    'a save that fills the disk fails and the previous state still loads, byte-identical',
    async () => {
      const onTmpfs = createStateStore({ stateDir: join(disk.dir, 'state') });
      await onTmpfs.save(sampleStatePayload());
      const path = join(disk.dir, 'state', 'state.json');
      const before = readFileSync(path);
      const huge = {
        ...sampleStatePayload(),
        halt: { since: NOW.toISOString(), reason: 'x'.repeat(200 * 1024) },
      };
      await expect(onTmpfs.save(huge)).rejects.toMatchObject({ name: 'DurableWriteError', code: 'ENOSPC' });
      expect(readFileSync(path)).toEqual(before);
      expect(readdirSync(join(disk.dir, 'state')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      expect(await createStateStore({ stateDir: join(disk.dir, 'state') }).load()).toMatchObject({ seq: 1 });
    },
  );
});

describe('corrupt state is detected and quarantined, never read as empty', () => {
  it('empty file', () => expectQuarantined('empty', ''));
  it('truncated JSON', async () => {
    await store().save(sampleStatePayload());
    await expectQuarantined('truncated', readFileSync(statePath()).subarray(0, 300));
  });
  it('NUL bytes', () => expectQuarantined('nul-bytes', Buffer.alloc(512)));
  it('JSON that is not truncated but does not parse', () =>
    expectQuarantined('unparseable', '{"seq": 1,, }\n'));
  it('checksum mismatch (one byte of the payload flipped)', async () => {
    await store().save(sampleStatePayload());
    const text = readFileSync(statePath(), 'utf8').replace('"VTI"', '"VTX"');
    await expectQuarantined('checksum', text);
  });
  it('schema failure (valid checksum, invalid payload)', async () => {
    const payload = { ...sampleStatePayload(), breakers: { dailyLoss: 'tripped' } };
    await expectQuarantined('schema', encodeEnvelope(3, 5, NOW, payload));
  });
  it('seq lower than the highest seen (an older file put back)', async () => {
    await store().save(sampleStatePayload());
    const older = readFileSync(statePath());
    await store().update((state) => ({ ...state, halt: { since: NOW.toISOString(), reason: 'operator' } }));
    await expectQuarantined('rollback', older);
  });
});

describe('after a quarantine (engine review defect 6: two corrupt files read as empty)', () => {
  it('keeps refusing every later load and update when state.json and the seq marker were both corrupt', async () => {
    await store().save(sampleStatePayload());
    await store().update((state) => ({ ...state, halt: { since: NOW.toISOString(), reason: 'operator' } }));
    writeFileSync(statePath(), 'garbage');
    writeFileSync(join(stateDir, 'state.seq.json'), 'garbage');
    for (let load = 0; load < 4; load++)
      await expect(store().load()).rejects.toBeInstanceOf(StateCorruptError);
    await expect(store().update((state) => state)).rejects.toBeInstanceOf(StateCorruptError);
    await expect(store().initialize(initialStatePayload())).rejects.toMatchObject({ kind: 'quarantined' });
    // Nothing was written over the evidence.
    expect(readFileSync(statePath(), 'utf8')).toBe('garbage');
  });

  it('a confirmed reset moves the current file aside, writes the given state above every seq, and lifts the quarantine', async () => {
    await store().save(sampleStatePayload());
    await store().update((state) => state);
    writeFileSync(statePath(), 'garbage');
    await expect(store().load()).rejects.toMatchObject({ kind: 'truncated' });
    await expect(store().load()).rejects.toMatchObject({ kind: 'quarantined' });
    const halted = { ...initialStatePayload(), halt: { since: NOW.toISOString(), reason: 'reset' } };
    const reset = await store().reset(halted);
    expect(reset.seq).toBe(3);
    expect((await store().load())?.payload.halt?.reason).toBe('reset');
    expect(readdirSync(stateDir).filter((name) => name.startsWith('state.json.corrupt-'))).toHaveLength(1);
  });

  it('accepting a restored file lifts the quarantine', async () => {
    await store().save(sampleStatePayload());
    const backup = readFileSync(statePath());
    await store().update((state) => state);
    writeFileSync(statePath(), '{"schemaVersion": 3');
    await expect(store().load()).rejects.toMatchObject({ kind: 'truncated' });
    writeFileSync(statePath(), backup);
    await expect(store().load()).rejects.toMatchObject({ kind: 'quarantined' });
    expect((await store().acceptRestoredState()).seq).toBe(1);
    expect((await store().load())?.payload).toEqual(sampleStatePayload());
  });

  it('initialize writes the first state only when none exists, and never over one another process wrote', async () => {
    const first = await store().initialize(initialStatePayload());
    expect(first.seq).toBe(1);
    await store().update((state) => ({
      ...state,
      halt: { since: NOW.toISOString(), reason: 'other process' },
    }));
    const again = await store().initialize(initialStatePayload());
    expect(again.payload.halt?.reason).toBe('other process');
    expect(again.seq).toBe(2);
  });
});

describe('schema versions', () => {
  const v1: StatePayloadV1 = {
    days: { '2025-09-26': sampleStatePayload().days['2025-09-26'] as StatePayloadV1['days'][string] },
    lastRebalanceDate: '2025-09-26',
    highWaterMarkUsd: 9_000,
    breakers: { dailyLoss: null, drawdown: null },
    halt: null,
  };

  it('migrates a v1 file on read and rewrites it as v3 on the next write', async () => {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(statePath(), encodeEnvelope(1, 3, NOW, v1));
    const loaded = await store().load();
    expect(loaded).toMatchObject({ seq: 3, schemaVersion: 3, migratedFrom: 1 });
    expect(loaded?.payload.lastRebalance).toEqual({ day: '2025-09-26', at: '2025-09-26T14:31:10.000Z' });
    expect(loaded?.payload.liveTier).toBeNull();
    expect(loaded?.payload.account).toBeNull();
    expect(events).toContainEqual({ type: 'migrated', path: statePath(), fromVersion: 1, toVersion: 3 });
    expect(JSON.parse(readFileSync(statePath(), 'utf8')).schemaVersion).toBe(1);

    await store().update((state) => state);
    const onDisk = JSON.parse(readFileSync(statePath(), 'utf8'));
    expect(onDisk).toMatchObject({ schemaVersion: 3, seq: 4 });
    expect(onDisk.payload).not.toHaveProperty('lastRebalanceDate');
  });

  it('migrates a v2 file: not yet bound to an account, and no day knows its reserve', async () => {
    const { account: _, ...sample } = sampleStatePayload();
    const day = sample.days['2025-09-26'];
    const { reserveUsd: __, cashAtIntentUsd: ___, ...v2Day } = day ?? ({} as never);
    const v2 = { ...sample, days: { '2025-09-26': v2Day } };
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(statePath(), encodeEnvelope(2, 7, NOW, v2));
    const loaded = await store().load();
    expect(loaded).toMatchObject({ seq: 7, schemaVersion: 3, migratedFrom: 2 });
    expect(loaded?.payload.account).toBeNull();
    expect(loaded?.payload.days['2025-09-26']).toEqual({ ...v2Day, reserveUsd: null, cashAtIntentUsd: null });
    expect(loaded?.payload.breakers).toEqual(sample.breakers);
  });

  it('quarantines a v1 file whose payload is not valid v1', async () => {
    const { lastRebalanceDate: _, ...withoutDate } = v1;
    await expectQuarantined('schema', encodeEnvelope(1, 2, NOW, withoutDate));
  });

  it('refuses a file from a newer version without quarantining it', async () => {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(statePath(), encodeEnvelope(4, 9, NOW, initialStatePayload()));
    await expect(store().load()).rejects.toMatchObject({ kind: 'newer-version', quarantinePath: null });
    expect(readdirSync(stateDir)).toContain('state.json');
  });
});

describe('restoring an older state from backup', () => {
  it('is refused as a rollback until accepted explicitly, then writes continue above it', async () => {
    await store().save(sampleStatePayload());
    const backup = readFileSync(statePath());
    await store().update((state) => state);
    await store().update((state) => state);
    writeFileSync(statePath(), backup);
    const accepted = await store().acceptRestoredState();
    expect(accepted.seq).toBe(1);
    expect((await store().load())?.seq).toBe(1);
    expect((await store().update((state) => state)).seq).toBe(2);
  });
});

describe('the update lock', () => {
  it('shares one short configuration whose retry budget outlasts a dead holder', () => {
    const { staleMs, updateMs } = STATE_UPDATE_LOCK_CONFIG;
    expect(staleMs).toBeGreaterThanOrEqual(5_000);
    expect(updateMs).toBeLessThanOrEqual(staleMs / 2);
    const { retries, factor, minTimeout, maxTimeout } = retryBudget(staleMs, STATE_UPDATE_LOCK_CONFIG);
    let totalMs = 0;
    for (let attempt = 0; attempt < retries; attempt += 1)
      totalMs += Math.min(minTimeout * factor ** attempt, maxTimeout);
    expect(totalMs).toBeGreaterThanOrEqual(2 * staleMs);
  });

  it('loses no update when many run at once in one process, through several stores', async () => {
    const stores = [store(), store(), store()];
    await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        (stores[index % stores.length] ?? store()).update((state) => appendReason(state, `u${index}`)),
      ),
    );
    const loaded = await store().load();
    expect(loaded?.seq).toBe(30);
    expect([...(loaded?.payload.days[SHARED_DAY]?.reasons ?? [])].sort()).toEqual(
      Array.from({ length: 30 }, (_, index) => `u${index}`).sort(),
    );
    expect(existsSync(store().updateLockPath)).toBe(false);
  });

  it('holds <stateDir>/state.update.lock only during a write, and releases it when the change throws', async () => {
    const writer = store();
    expect(writer.updateLockPath).toBe(join(stateDir, 'state.update.lock'));
    await writer.save(sampleStatePayload());
    let heldDuringChange = false;
    await writer.update((state) => {
      heldDuringChange = existsSync(writer.updateLockPath);
      return state;
    });
    expect(heldDuringChange).toBe(true);
    expect(existsSync(writer.updateLockPath)).toBe(false);
    await expect(
      writer.update(() => {
        throw new Error('bad change');
      }),
    ).rejects.toThrow('bad change');
    expect(existsSync(writer.updateLockPath)).toBe(false);
    expect((await writer.update((state) => state)).seq).toBe(3);
  });

  it('refuses to write when the writer stalled long enough for another one to take over', async () => {
    let clock = NOW.getTime();
    const staleMs = 2_000;
    const stalling = createStateStore({ stateDir, staleMs, now: () => new Date(clock) });
    await stalling.save(sampleStatePayload());
    const before = readFileSync(statePath());
    const error = await stalling
      .update((state) => {
        clock += staleMs;
        return { ...state, halt: null };
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LockError);
    expect(error).toMatchObject({ kind: 'compromised' });
    expect(readFileSync(statePath())).toEqual(before);
    expect(existsSync(stalling.updateLockPath)).toBe(false);
    expect((await stalling.update((state) => state)).seq).toBe(2);
  });
});
