import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFaultyFs } from '../test/faulty-fs.ts';
import { sampleHistoryEntry } from '../test/history-fixtures.ts';
import { InvalidPayloadError } from './errors.ts';
import { createRebalanceHistory } from './rebalance-history.ts';
import type { StateEvent } from './state-events.ts';

let stateDir: string;
let events: StateEvent[];
const history = () => createRebalanceHistory({ stateDir, onEvent: (event) => events.push(event) });
const lines = () => readFileSync(history().path, 'utf8').split('\n');

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'dalio-history-'));
  events = [];
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

async function appendMany(count: number): Promise<void> {
  for (let index = 1; index <= count; index += 1) await history().append(sampleHistoryEntry(index));
}

describe('createRebalanceHistory', () => {
  it('appends one checksummed line per cycle to a 0600 file and reads them back in order', async () => {
    await appendMany(3);
    const { records, skipped } = await history().readAll();
    expect(records.map((record) => [record.n, record.entry.cycleId])).toEqual([
      [1, 'cycle-1'],
      [2, 'cycle-2'],
      [3, 'cycle-3'],
    ]);
    expect(records[0]?.entry).toEqual(sampleHistoryEntry(1));
    expect(skipped).toEqual([]);
    expect(lines()).toHaveLength(4);
    expect(statSync(history().path).mode & 0o777).toBe(0o600);
  });

  it('reads page by page, newest first, with a before cursor', async () => {
    await appendMany(25);
    const first = await history().readPage({ limit: 10 });
    expect(first.records.map((record) => record.n)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
    expect(first.nextBefore).toBe(16);
    const second = await history().readPage({ limit: 10, before: 16 });
    expect(second.records[0]?.n).toBe(15);
    const third = await history().readPage({ limit: 10, before: second.nextBefore ?? 0 });
    expect(third.records.map((record) => record.n)).toEqual([5, 4, 3, 2, 1]);
    expect(third.nextBefore).toBeNull();
  });

  it('an empty history is an empty page', async () => {
    expect(await history().readPage()).toEqual({ records: [], nextBefore: null, skipped: [] });
  });

  it('skips and reports a torn last line after a crash, and the next append starts a fresh line', async () => {
    await appendMany(2);
    const torn = JSON.stringify({ n: 3, sha256: 'a'.repeat(64), entry: sampleHistoryEntry(3) }).slice(0, 150);
    appendFileSync(history().path, torn);
    const page = await history().readPage();
    expect(page.records.map((record) => record.n)).toEqual([2, 1]);
    expect(page.skipped).toEqual([{ lineNumber: 3, reason: 'torn', last: true }]);
    expect(events).toContainEqual({
      type: 'history-line-skipped',
      path: history().path,
      lineNumber: 3,
      reason: 'torn',
      last: true,
    });

    expect((await history().append(sampleHistoryEntry(3))).n).toBe(3);
    const after = await history().readAll();
    expect(after.records.map((record) => record.n)).toEqual([1, 2, 3]);
    expect(after.skipped).toEqual([{ lineNumber: 3, reason: 'unparseable', last: false }]);
  });

  it('skips a last line whose checksum does not match', async () => {
    await appendMany(2);
    const text = readFileSync(history().path, 'utf8');
    writeFileSync(history().path, text.replace(/cycle-2/g, 'cycle-X'));
    const { records, skipped } = await history().readAll();
    expect(records.map((record) => record.n)).toEqual([1]);
    expect(skipped).toEqual([{ lineNumber: 2, reason: 'checksum', last: true }]);
  });

  it('reports a corrupt line in the middle and keeps reading the rest', async () => {
    await appendMany(3);
    const all = lines();
    all[1] = '{"n":2,"sha256":"garbage"';
    writeFileSync(history().path, all.join('\n'));
    const { records, skipped } = await history().readAll();
    expect(records.map((record) => record.n)).toEqual([1, 3]);
    expect(skipped).toEqual([{ lineNumber: 2, reason: 'unparseable', last: false }]);
  });

  it('refuses an entry that fails the schema', async () => {
    const bad = { ...sampleHistoryEntry(1), outcome: 'exploded' } as unknown as Parameters<
      ReturnType<typeof history>['append']
    >[0];
    await expect(history().append(bad)).rejects.toBeInstanceOf(InvalidPayloadError);
  });

  it('writes whole lines through short writes, and survives ENOSPC mid-line', async () => {
    await appendMany(1);
    const short = createFaultyFs({ maxBytesPerWrite: 5 });
    await createRebalanceHistory({ stateDir, fs: short.fs }).append(sampleHistoryEntry(2));
    const full = createFaultyFs({ capacityBytes: 200, maxBytesPerWrite: 64 });
    await expect(
      createRebalanceHistory({ stateDir, fs: full.fs }).append(sampleHistoryEntry(3)),
    ).rejects.toMatchObject({
      code: 'ENOSPC',
    });
    const afterFailure = await history().readAll();
    expect(afterFailure.records.map((record) => record.n)).toEqual([1, 2]);
    expect(afterFailure.skipped).toEqual([{ lineNumber: 3, reason: 'torn', last: true }]);
    expect((await history().append(sampleHistoryEntry(3))).n).toBe(3);
  });

  it('keeps allocation changes in the same numbered file, apart from the cycles every reader sees', async () => {
    await appendMany(1);
    const change = {
      kind: 'allocation-changed' as const,
      at: '2025-09-27T10:00:00.000Z',
      by: 'alice',
      from: { preset: 'dalio-lite', targets: { VTI: 0.4, TLT: 0.3, GLD: 0.2, DBC: 0.1 } },
      to: { preset: 'custom', targets: { VTI: 0.5, TLT: 0.5 } },
      configPath: '/etc/dalio/dalio.yaml',
      backupPath: '/etc/dalio/dalio.yaml.2025-09-27T10-00-00-000Z.bak',
    };
    expect((await history().appendEvent(change)).n).toBe(2);
    expect((await history().append(sampleHistoryEntry(3))).n).toBe(3);
    const { records, skipped } = await history().readAll();
    expect(records.map((record) => record.n)).toEqual([1, 3]);
    expect(skipped).toEqual([]);
    expect((await history().readPage()).records.map((record) => record.n)).toEqual([3, 1]);
    expect(await history().readEvents()).toEqual([{ n: 2, event: change }]);
    expect(events.filter((event) => event.type === 'history-line-skipped')).toEqual([]);
    await expect(history().appendEvent({ ...change, by: '' })).rejects.toBeInstanceOf(InvalidPayloadError);
  });
});
