import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DurableWriteError, encodeEnvelope, type Fs, nodeFs, StateCorruptError } from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import { createTestSimulator } from '../../test/fixtures.ts';
import { BrokerUnavailableError } from '../errors.ts';
import { createSimulatorApp } from '../http/sim-app.ts';
import { createSimulatorBroker } from './sim-broker.ts';
import { createFileSimStore, SIM_STATE_FILE } from './sim-file-store.ts';
import type { SimState } from './sim-state.ts';

const A = 'acct';
const BUY = { symbol: 'SPY', side: 'buy' as const, amount: { kind: 'notional' as const, usd: '500.00' } };

/** A fresh data directory; the store creates it on its first write. */
async function dataDir(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'sim-store-')), 'simulator');
}

/** The real file system, except that new files cannot be created while `full` is set (a full disk). */
function fillableFs(): { fs: Fs; setFull(full: boolean): void } {
  let full = false;
  const fs: Fs = {
    ...nodeFs,
    open: async (path, flags, mode) => {
      if (full && flags === 'wx') {
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      }
      return nodeFs.open(path, flags, mode);
    },
  };
  return { fs, setFull: (value) => (full = value) };
}

/** A simulator on `dir` that has filled four orders, persisted. */
async function simulatorWithOrders(dir: string) {
  const { sim } = await createTestSimulator({ store: createFileSimStore(dir) });
  for (const id of ['o1', 'o2', 'o3', 'o4']) {
    sim.submitOrder(A, { clientOrderId: id, symbol: 'SPY', side: 'buy', qty: '1' });
  }
  sim.account(A);
  await sim.persisted();
  return sim;
}

/** The state in the file, read through its envelope. */
async function stateOnDisk(dir: string): Promise<SimState> {
  return JSON.parse(await readFile(join(dir, SIM_STATE_FILE), 'utf8')).payload;
}

/** What loading `dir` throws; fails the test when it loads. */
function loadError(dir: string): StateCorruptError {
  try {
    createFileSimStore(dir).load();
  } catch (error) {
    if (error instanceof StateCorruptError) return error;
    throw error;
  }
  throw new Error(`expected ${dir} to be refused`);
}

describe('createFileSimStore', () => {
  it('round-trips the state through a checksummed 0600 file in a 0700 directory', async () => {
    const dir = await dataDir();
    const sim = await simulatorWithOrders(dir);
    const loaded = createFileSimStore(dir).load();
    expect(loaded?.orders.map((o) => [o.clientOrderId, o.status])).toEqual([
      ['o1', 'filled'],
      ['o2', 'filled'],
      ['o3', 'filled'],
      ['o4', 'filled'],
    ]);
    expect(loaded?.fills).toEqual(sim.ledger().fills);
    const envelope = JSON.parse(await readFile(join(dir, SIM_STATE_FILE), 'utf8'));
    expect(envelope).toMatchObject({ schemaVersion: 1, seq: loaded?.seq, sha256: expect.any(String) });
    expect((await stat(join(dir, SIM_STATE_FILE))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('a burst of changes ends with the newest state on disk once persisted', async () => {
    const dir = await dataDir();
    const { sim } = await createTestSimulator({ store: createFileSimStore(dir) });
    for (let i = 0; i < 25; i += 1) sim.submitOrder(A, { clientOrderId: `b${i}`, ...BUY, notional: '10' });
    await sim.persisted();
    expect((await stateOnDisk(dir)).orders).toHaveLength(25);
  });

  it('has nothing to load in a new directory, and nothing to wait for before the first change', async () => {
    const store = createFileSimStore(await dataDir());
    expect(store.load()).toBeNull();
    await expect(store.flush()).resolves.toBeUndefined();
  });

  it('refuses a state that breaks the schema, naming the file, the field and the fix in one line', async () => {
    const dir = await dataDir();
    await simulatorWithOrders(dir);
    const state = await stateOnDisk(dir);
    const broken = {
      ...state,
      orders: state.orders.map((o, i) => (i === 3 ? { ...o, status: 'filed' } : o)),
    };
    await writeFile(join(dir, SIM_STATE_FILE), encodeEnvelope(1, state.seq, new Date(), broken));
    const error = loadError(dir);
    expect(error.message).toBe(
      `${join(dir, SIM_STATE_FILE)} is not a valid simulator state (orders[3].status: "filed" is not an order status); ` +
        'restore it from a backup, or move it aside to start a fresh paper account',
    );
    expect(error.kind).toBe('schema');
  });

  it.each([
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2)), /JSON is truncated/],
    ['empty', () => '', /the file is empty/],
    ['nul-bytes', (text: string) => '\0'.repeat(text.length), /NUL bytes/],
    ['checksum', (text: string) => text.replace('"filled"', '"canceled"'), /checksum mismatch/],
  ])('refuses a damaged file (%s) instead of starting a fresh account', async (kind, damage, reason) => {
    const dir = await dataDir();
    await simulatorWithOrders(dir);
    const file = join(dir, SIM_STATE_FILE);
    await writeFile(file, damage(await readFile(file, 'utf8')));
    const error = loadError(dir);
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(reason);
    expect(error.message).toMatch(/move it aside to start a fresh paper account$/);
    expect(error.message).not.toContain('\n');
  });

  it('refuses a file from a newer version and asks for an upgrade', async () => {
    const dir = await dataDir();
    await simulatorWithOrders(dir);
    const state = await stateOnDisk(dir);
    await writeFile(join(dir, SIM_STATE_FILE), encodeEnvelope(2, state.seq, new Date(), state));
    expect(loadError(dir).message).toMatch(
      /\(schema version 2 is newer than 1\); upgrade Dalio Lite to read it$/,
    );
  });

  it('reads a bare state file written before the envelope, and envelopes it on the next write', async () => {
    const dir = await dataDir();
    await simulatorWithOrders(dir);
    const state = await stateOnDisk(dir);
    await writeFile(join(dir, SIM_STATE_FILE), JSON.stringify(state));
    const { sim } = await createTestSimulator({ store: createFileSimStore(dir) });
    expect(sim.ledger().orders).toHaveLength(4);
    sim.submitOrder(A, { clientOrderId: 'o5', symbol: 'SPY', side: 'buy', qty: '1' });
    await sim.persisted();
    expect((await stateOnDisk(dir)).orders).toHaveLength(5);
  });
});

describe('a failed write reaches the caller', () => {
  it('flush rejects while the disk is full, the old file stays intact, and the next flush after space returns writes the newest state', async () => {
    const dir = await dataDir();
    const disk = fillableFs();
    const { sim } = await createTestSimulator({ store: createFileSimStore(dir, { fs: disk.fs }) });
    sim.submitOrder(A, { clientOrderId: 'before', ...BUY, notional: '10' });
    await sim.persisted();
    disk.setFull(true);
    sim.submitOrder(A, { clientOrderId: 'during', ...BUY, notional: '10' });
    const failure = await sim.persisted().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DurableWriteError);
    expect(failure).toMatchObject({ code: 'ENOSPC', renamed: false });
    await expect(sim.persisted()).rejects.toThrow(/ENOSPC/);
    expect((await stateOnDisk(dir)).orders.map((o) => o.clientOrderId)).toEqual(['before']);
    disk.setFull(false);
    await sim.persisted();
    expect((await stateOnDisk(dir)).orders.map((o) => o.clientOrderId)).toEqual(['before', 'during']);
  });

  it('the in-process broker answers an unsaved submit as unknown and an unsaved read as unavailable', async () => {
    const disk = fillableFs();
    const { sim } = await createTestSimulator({
      store: createFileSimStore(await dataDir(), { fs: disk.fs }),
    });
    const broker = createSimulatorBroker({ simulator: sim });
    disk.setFull(true);
    const result = await broker.submitOrder({ ...BUY, clientOrderId: 'dl-unsaved' });
    expect(result).toMatchObject({
      kind: 'unknown',
      reason: expect.stringMatching(/could not save.*ENOSPC/),
    });
    const read = await broker.getOrderByClientOrderId('dl-unsaved').catch((error: unknown) => error);
    expect(read).toBeInstanceOf(BrokerUnavailableError);
    expect(read).toMatchObject({ status: 500 });
    disk.setFull(false);
    expect((await broker.getOrderByClientOrderId('dl-unsaved'))?.clientOrderId).toBe('dl-unsaved');
  });

  it('the HTTP server answers 500 with Alpaca’s error envelope instead of confirming an unsaved order', async () => {
    const disk = fillableFs();
    const { sim } = await createTestSimulator({
      store: createFileSimStore(await dataDir(), { fs: disk.fs }),
    });
    const app = createSimulatorApp({ simulator: sim });
    disk.setFull(true);
    const response = await app.request('/v2/orders', {
      method: 'POST',
      headers: { 'APCA-API-KEY-ID': 'k', 'APCA-API-SECRET-KEY': 's', 'content-type': 'application/json' },
      body: JSON.stringify({
        symbol: 'SPY',
        side: 'buy',
        type: 'market',
        time_in_force: 'day',
        notional: '10',
      }),
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ code: 50010000, message: expect.stringMatching(/ENOSPC/) });
  });
});

describe('crash safety (real process)', () => {
  it('an order the in-process broker accepted is in the file even when the process is SIGKILLed at once', async () => {
    const dir = await dataDir();
    const module = (name: string) => JSON.stringify(pathToFileURL(join(import.meta.dirname, name)).href);
    // The child kills itself in the same tick the submit resolves: nothing queued after it can still run.
    const child = `
      import { writeSync } from 'node:fs';
      const { createFileSimStore } = await import(${module('sim-file-store.ts')});
      const { createSimulator } = await import(${module('simulator.ts')});
      const { createSimulatorBroker } = await import(${module('sim-broker.ts')});
      const { createSimClock } = await import(${module('sim-clock.ts')});
      const { createModelPriceFeed } = await import(${module('price-feed.ts')});
      const simulator = createSimulator({
        clock: createSimClock({ mode: { kind: 'fixed', at: '2024-03-15T11:00:00-04:00' } }),
        prices: createModelPriceFeed({ seed: 7, symbols: ['SPY'] }),
        store: createFileSimStore(${JSON.stringify(dir)}),
      });
      const broker = createSimulatorBroker({ simulator });
      await broker.getAccount();
      const result = await broker.submitOrder(${JSON.stringify({ ...BUY, clientOrderId: 'dl-crash-1' })});
      writeSync(1, result.kind + '\\n');
      process.kill(process.pid, 'SIGKILL');
    `;
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const run = spawn(
      process.execPath,
      [
        '--conditions=@dalio-lite/source',
        '--import',
        pathToFileURL(tsx).href,
        '--input-type=module',
        '-e',
        child,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    run.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    run.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const signal = await new Promise((resolve) =>
      run.once('exit', (_code, exitSignal) => resolve(exitSignal)),
    );
    expect({ signal, stdout, stderr }).toEqual({ signal: 'SIGKILL', stdout: 'accepted\n', stderr: '' });
    const persisted = createFileSimStore(dir).load();
    expect(persisted?.orders.map((o) => [o.clientOrderId, o.notional])).toEqual([['dl-crash-1', '500.00']]);
  }, 30_000);
});
