import { createSeededRandom } from '@dalio-lite/broker';
import { DURABLE_WRITE_STEPS, writeFileDurably } from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import { createSimFileSystem, type SimFileSystem } from './sim-fs.ts';

const DIR = '/var/lib/dalio-lite';
const FILE = `${DIR}/state.json`;

function disk(seed = 1, nowMs = 0): { fs: SimFileSystem; clock: { ms: number } } {
  const clock = { ms: nowMs };
  const random = createSeededRandom(seed);
  const fs = createSimFileSystem({ now: () => clock.ms, random: () => random.next() });
  fs.install(DIR);
  return { fs, clock };
}

const alive = (id = 1) => ({ id, isAlive: () => true });
const text = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes).toString('utf8'));

class Crash extends Error {}

describe('the simulated file system', () => {
  it('keeps synced bytes and loses unsynced ones at a power cut', async () => {
    const { fs } = disk();
    const port = fs.portFor(alive());
    const handle = await port.open(`${DIR}/a`, 'wx', 0o600);
    await handle.write(Buffer.from('durable'), 0, 7, 0);
    await handle.sync();
    await handle.write(Buffer.from(' and not'), 0, 8, 7);
    await handle.close();
    const dir = await port.open(DIR, 'r');
    await dir.sync();
    expect(text(fs.peek(`${DIR}/a`))).toBe('durable and not');
    fs.losePower();
    const after = text(fs.peek(`${DIR}/a`)) ?? '';
    // The unsynced tail may survive in part (torn, or its size as zeros), never anything beyond it.
    expect(after.startsWith('durable')).toBe(true);
    expect(after.length).toBeLessThanOrEqual(15);
  });

  it('forgets a recent file whose directory was never synced, keeps one the journal committed meanwhile', async () => {
    const fresh: boolean[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const recent = disk(seed);
      await (await recent.fs.portFor(alive()).open(`${DIR}/new`, 'wx', 0o600)).close();
      recent.fs.losePower();
      fresh.push(recent.fs.list(DIR).includes('new'));
      const old = disk(seed);
      await (await old.fs.portFor(alive()).open(`${DIR}/new`, 'wx', 0o600)).close();
      old.clock.ms += 10_000;
      old.fs.losePower();
      expect(old.fs.list(DIR)).toContain('new');
    }
    expect(fresh).toContain(false);
    expect(fresh).toContain(true);
  });

  it.each(DURABLE_WRITE_STEPS)(
    'row 18: a power cut at %s leaves the old or the new file, never a torn one',
    async (step) => {
      for (let seed = 1; seed <= 20; seed++) {
        const { fs } = disk(seed);
        const port = fs.portFor(alive());
        await writeFileDurably(FILE, 'old state', { fs: port });
        await writeFileDurably(FILE, 'new state', {
          fs: port,
          onStep: (name) => {
            if (name === step) throw new Crash(step);
          },
        }).catch((error: unknown) => {
          if (!(error instanceof Crash) && !(error as Error).message.includes(step)) throw error;
        });
        fs.losePower();
        expect(['old state', 'new state']).toContain(text(fs.peek(FILE)));
      }
    },
  );

  it('row 17: a full disk (ENOSPC) fails the write, keeps the old file and removes the temp file', async () => {
    const { fs } = disk();
    const port = fs.portFor(alive());
    await writeFileDurably(FILE, 'old state', { fs: port });
    fs.injectFault('enospc');
    await expect(writeFileDurably(FILE, 'x'.repeat(5_000), { fs: port })).rejects.toThrow(/ENOSPC/);
    expect(text(fs.peek(FILE))).toBe('old state');
    expect(fs.tempFilesBy(DIR, 1)).toEqual([]);
    fs.clearFaults();
    await writeFileDurably(FILE, 'new state', { fs: port });
    expect(text(fs.peek(FILE))).toBe('new state');
  });

  it('row 17: short writes are completed, EIO on fsync fails the write and keeps the old file', async () => {
    const { fs } = disk();
    const port = fs.portFor(alive());
    fs.injectFault('short-write');
    await writeFileDurably(FILE, 'written in pieces', { fs: port });
    expect(text(fs.peek(FILE))).toBe('written in pieces');
    fs.injectFault('eio-fsync');
    await expect(writeFileDurably(FILE, 'never durable', { fs: port })).rejects.toThrow(/EIO/);
    expect(text(fs.peek(FILE))).toBe('written in pieces');
    expect(fs.tempFilesBy(DIR, 1)).toEqual([]);
  });

  it('a dead process never hears back from the disk', async () => {
    const { fs } = disk();
    let living = true;
    const port = fs.portFor({ id: 2, isAlive: () => living });
    await writeFileDurably(FILE, 'before', { fs: port });
    living = false;
    const pending = port.readFile(FILE).then(() => 'answered');
    const outcome = await Promise.race([
      pending,
      new Promise((resolve) => setImmediate(() => resolve('silent'))),
    ]);
    expect(outcome).toBe('silent');
  });
});
