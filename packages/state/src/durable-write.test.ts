import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFaultyFs } from '../test/faulty-fs.ts';
import { mountTinyDisk, type TinyDisk } from '../test/tiny-disk.ts';
import { DURABLE_WRITE_STEPS } from './crash-points.ts';
import { writeFileDurably } from './durable-write.ts';
import { DurableWriteError } from './errors.ts';
import type { Fs } from './fs-port.ts';

const OLD = JSON.stringify({ seq: 1, note: 'the previous good state' });
const bigJson = (bytes: number): string => JSON.stringify({ pad: 'x'.repeat(bytes) });

let dir: string;
let target: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dalio-durable-'));
  target = join(dir, 'state.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function expectOldIntactAndNoTemp(directory: string, file: string): void {
  expect(readFileSync(file, 'utf8')).toBe(OLD);
  expect(readdirSync(directory).filter((name) => name.endsWith('.tmp'))).toEqual([]);
}

describe('writeFileDurably', () => {
  it('creates the file with mode 0600 and leaves no temp file', async () => {
    await writeFileDurably(target, '{"a":1}');
    expect(readFileSync(target, 'utf8')).toBe('{"a":1}');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('replaces an existing file and reports every named step in order', async () => {
    writeFileSync(target, OLD);
    const steps: string[] = [];
    await writeFileDurably(target, 'new', { onStep: (name) => void steps.push(name) });
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(steps).toEqual([...DURABLE_WRITE_STEPS]);
  });

  it('loops on short writes until every byte is on disk', async () => {
    const { fs, log } = createFaultyFs({ maxBytesPerWrite: 7 });
    const data = bigJson(1000);
    await writeFileDurably(target, data, { fs });
    expect(readFileSync(target, 'utf8')).toBe(data);
    expect(log.writeCalls).toBe(Math.ceil(Buffer.byteLength(data) / 7));
  });

  it('fails on ENOSPC after a short write, keeping the old file byte-identical', async () => {
    writeFileSync(target, OLD);
    const { fs } = createFaultyFs({ capacityBytes: 4096, maxBytesPerWrite: 1500 });
    const failure = writeFileDurably(target, bigJson(10_000), { fs });
    await expect(failure).rejects.toMatchObject({
      name: 'DurableWriteError',
      code: 'ENOSPC',
      renamed: false,
    });
    expectOldIntactAndNoTemp(dir, target);
  });

  it('fails on EIO from fsync, keeping the old file and removing the temp file', async () => {
    writeFileSync(target, OLD);
    const { fs } = createFaultyFs({ eioOnFileSync: true });
    await expect(writeFileDurably(target, 'new', { fs })).rejects.toMatchObject({
      code: 'EIO',
      step: 'after-temp-write-before-fsync',
    });
    expectOldIntactAndNoTemp(dir, target);
  });

  it('fails on a failed rename, keeping the old file', async () => {
    writeFileSync(target, OLD);
    const { fs } = createFaultyFs({ eioOnRename: true });
    await expect(writeFileDurably(target, 'new', { fs })).rejects.toMatchObject({ step: 'before-rename' });
    expectOldIntactAndNoTemp(dir, target);
  });

  it('treats a write that makes no progress as an error instead of looping forever', async () => {
    writeFileSync(target, OLD);
    const { fs, log } = createFaultyFs({ zeroWrites: true });
    await expect(writeFileDurably(target, 'new', { fs })).rejects.toBeInstanceOf(DurableWriteError);
    expect(log.writeCalls).toBe(1);
    expectOldIntactAndNoTemp(dir, target);
  });

  it('reports a failed directory fsync as renamed (new file visible, durability unknown)', async () => {
    writeFileSync(target, OLD);
    const { fs } = createFaultyFs({ eioOnDirSync: true });
    await expect(writeFileDurably(target, 'new', { fs })).rejects.toMatchObject({
      step: 'dir-fsync',
      renamed: true,
    });
    expect(readFileSync(target, 'utf8')).toBe('new');
  });

  it('leaves old-or-new and no temp file under any schedule of short writes, ENOSPC and EIO', async () => {
    writeFileSync(target, OLD);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          maxBytesPerWrite: fc.integer({ min: 1, max: 5000 }),
          capacityBytes: fc.option(fc.integer({ min: 0, max: 6000 }), { nil: undefined }),
          eioOnFileSync: fc.boolean(),
          eioOnRename: fc.boolean(),
        }),
        fc.integer({ min: 0, max: 5000 }),
        async (plan, size) => {
          const before = readFileSync(target, 'utf8');
          const data = bigJson(size);
          const { fs } = createFaultyFs(plan);
          const outcome = await writeFileDurably(target, data, { fs }).then(
            () => 'ok',
            (error: unknown) => error,
          );
          const after = readFileSync(target, 'utf8');
          if (outcome === 'ok') expect(after).toBe(data);
          else {
            expect(outcome).toBeInstanceOf(DurableWriteError);
            expect(after).toBe(before);
          }
          expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});

async function fillTheDisk(directory: string, fs: Fs | undefined): Promise<void> {
  const file = join(directory, 'state.json');
  writeFileSync(file, OLD);
  const options = fs ? { fs } : {};
  await expect(writeFileDurably(file, bigJson(200 * 1024), options)).rejects.toMatchObject({
    code: 'ENOSPC',
  });
  expectOldIntactAndNoTemp(directory, file);
  await writeFileDurably(file, '{"after":"space freed"}', options);
  expect(readFileSync(file, 'utf8')).toBe('{"after":"space freed"}');
}

describe('writeFileDurably on a full 64 KiB disk', () => {
  // Mounted while collecting, so the tmpfs test is reported as skipped (not silently passed) where mounting is refused.
  const disk: TinyDisk = mountTinyDisk(64);
  afterAll(() => disk.dispose());

  it.runIf(disk.mounted)(
    'a real tmpfs: ENOSPC leaves the previous state byte-identical and no temp file',
    () => fillTheDisk(disk.dir, undefined),
  );

  it('the shim playing a 64 KiB disk: ENOSPC leaves the previous state byte-identical and no temp file', () =>
    fillTheDisk(dir, createFaultyFs({ capacityBytes: 64 * 1024, maxBytesPerWrite: 4096 }).fs));
});
