import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runDalio } from '../../test/run-cli.ts';

const children: ChildProcess[] = [];
const AUTH = { 'APCA-API-KEY-ID': 'cli-key', 'APCA-API-SECRET-KEY': 'cli-secret' };

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) dir = dirname(dir);
  return dir;
}

/** Start `dalio sim` as a real process and resolve with the URL from its first stdout line. */
function startSim(
  args: readonly string[],
): Promise<{ url: string; child: ChildProcess; stderr: () => Promise<string> }> {
  const root = repoRoot();
  const tsx = createRequire(join(root, 'package.json')).resolve('tsx');
  const main = join(root, 'apps/autopilot/src/main.ts');
  const child = spawn(
    process.execPath,
    ['--conditions=@dalio-lite/source', '--import', pathToFileURL(tsx).href, main, 'sim', ...args],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`dalio sim exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      child.removeAllListeners('exit');
      // The start-up lines on stderr follow the URL at once; wait for the last of them.
      const stderrOnceReady = async () => {
        for (let look = 0; look < 100 && !/APCA_API_SECRET_KEY=.*\n/.test(stderr); look += 1) {
          await new Promise((done) => setTimeout(done, 50));
        }
        return stderr;
      };
      resolve({ url: line.trim(), child, stderr: stderrOnceReady });
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

afterAll(async () => {
  await Promise.all(children.map(stop));
});

describe('dalio sim: bad input', () => {
  it.each([
    [['--port', 'abc'], /--port: "abc" must be 0\.\.65535/],
    [['--at', 'yesterday'], /--at: "yesterday" is not a time/],
    [['--at', '2024-03-15T15:00:00-04:00', '--speed', '10'], /--at and --speed exclude each other/],
    [['--speed', '0'], /--speed: "0" must be a number greater than 0/],
    [['--start', '2024-03-15T15:00:00-04:00'], /--start only applies with --speed/],
    [['--symbols', 'SPY,NOPE'], /--symbols: .*NOPE\.csv: no price history for symbol NOPE/],
    [['--key', 'nocolon'], /--key: use KEY_ID:SECRET/],
    [['--partial-fills', '2'], /--partial-fills: "2" must be between 0 and 1/],
    [['--slippage-bps', '-1'], /--slippage-bps: "-1" must be 0\.\.1000/],
    [['--model', 'x'], /--model: "x" must be an integer seed/],
    [['--account', 'ira'], /--account: "ira" must be one of margin, cash/],
    [['--consistency', 'eventual'], /--consistency: "eventual" must be one of alpaca, basic, immediate/],
    [['--non-fractionable', 'XYZ'], /--non-fractionable: XYZ not among --symbols/],
  ])('rejects %j with one line and exit code 2', async (args, message) => {
    const run = await runDalio(['sim', ...args]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('dalio sim: the server process', () => {
  it('serves Alpaca wire JSON on 127.0.0.1, checks keys, and keeps state across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dalio-sim-cli-'));
    const args = ['--port', '0', '--data-dir', dataDir, '--at', '2024-03-15T15:00:00-04:00'];
    const first = await startSim(args);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${first.url}/v2/account`)).status).toBe(401);
    const clock = await (await fetch(`${first.url}/v2/clock`, { headers: AUTH })).json();
    expect(clock).toEqual({
      timestamp: '2024-03-15T15:00:00-04:00',
      is_open: true,
      next_open: '2024-03-18T09:30:00-04:00',
      next_close: '2024-03-15T16:00:00-04:00',
    });
    const posted = await fetch(`${first.url}/v2/orders`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({
        symbol: 'VTI',
        qty: '3',
        side: 'buy',
        type: 'market',
        time_in_force: 'day',
        client_order_id: 'cli-1',
      }),
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get('x-ratelimit-limit')).toBe('200');
    expect(await stop(first.child)).toBe(0);

    const second = await startSim(args);
    const order = await (
      await fetch(`${second.url}/v2/orders:by_client_order_id?client_order_id=cli-1`, { headers: AUTH })
    ).json();
    expect(order).toMatchObject({
      client_order_id: 'cli-1',
      status: 'filled',
      filled_qty: '3',
      symbol: 'VTI',
    });
    // Positions show a fill a moment (a request or two) after the order does, as on Alpaca.
    const readPositions = async () =>
      (await (await fetch(`${second.url}/v2/positions`, { headers: AUTH })).json()) as unknown[];
    let positions = await readPositions();
    for (let read = 0; read < 5 && positions.length === 0; read += 1) positions = await readPositions();
    expect(positions).toEqual([expect.objectContaining({ symbol: 'VTI', qty: '3', side: 'long' })]);
  });

  it('prints the URL alone first, then the speed and the environment lines to copy', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dalio-sim-cli-'));
    const sim = await startSim([
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--speed',
      '20000',
      '--start',
      '2024-03-15T09:00:00-04:00',
    ]);
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const stderr = await sim.stderr();
    expect(stderr).toContain(`sim: Alpaca API at ${sim.url}; clock time-lapse at 20000×`);
    expect(stderr).toContain('margin account, basic consistency');
    expect(stderr).toContain('any non-empty key pair is accepted');
    const lines = stderr.split('\n');
    expect(lines).toContain(`export DALIO_ALPACA_BASE_URL=${sim.url}`);
    expect(lines).toContain('export APCA_API_KEY_ID=sim-key');
    expect(lines).toContain('export APCA_API_SECRET_KEY=sim-secret');
  });

  it('trades --non-fractionable symbols (or the config key) in whole shares only, over HTTP', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dalio-sim-cli-'));
    const at = ['--port', '0', '--data-dir', dataDir, '--at', '2024-03-15T11:00:00-04:00'];
    const flagged = await startSim([...at, '--non-fractionable', 'gld']);
    const asset = await (await fetch(`${flagged.url}/v2/assets/GLD`, { headers: AUTH })).json();
    expect(asset).toMatchObject({ symbol: 'GLD', fractionable: false });
    const refused = await fetch(`${flagged.url}/v2/orders`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({
        symbol: 'GLD',
        notional: '100',
        side: 'buy',
        type: 'market',
        time_in_force: 'day',
      }),
    });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ message: 'requested asset is not fractionable' });
    await stop(flagged.child);
    const config = join(dataDir, 'dalio.yaml');
    await writeFile(config, 'broker:\n  kind: simulator\n  simulator:\n    nonFractionable: [DBC]\n');
    const configured = await startSim([...at, '--config', config]);
    const dbc = await (await fetch(`${configured.url}/v2/assets/DBC`, { headers: AUTH })).json();
    expect(dbc).toMatchObject({ symbol: 'DBC', fractionable: false });
    const gld = await (await fetch(`${configured.url}/v2/assets/GLD`, { headers: AUTH })).json();
    expect(gld).toMatchObject({ symbol: 'GLD', fractionable: true });
  });

  it('accepts only configured keys when --key is given', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dalio-sim-cli-'));
    const sim = await startSim(['--port', '0', '--data-dir', dataDir, '--key', 'cli-key:cli-secret']);
    expect((await fetch(`${sim.url}/v2/clock`, { headers: AUTH })).status).toBe(200);
    const wrong = await fetch(`${sim.url}/v2/clock`, { headers: { ...AUTH, 'APCA-API-SECRET-KEY': 'nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ code: 40110000, message: 'request is not authorized' });
  });

  it('runs time-lapse from --start at --speed over a seeded price model', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dalio-sim-cli-'));
    const sim = await startSim([
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--speed',
      '36000',
      '--start',
      '2024-03-15T09:00:00-04:00',
      '--model',
      '7',
      '--symbols',
      'AAA',
    ]);
    const read = async () =>
      (await (await fetch(`${sim.url}/_sim/clock`, { headers: AUTH })).json()) as { now: string };
    const first = Date.parse((await read()).now);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = Date.parse((await read()).now);
    // 200 ms of wall time at 36000x is two simulated hours; allow for scheduling noise, not for a frozen clock.
    expect(second - first).toBeGreaterThan(3_600_000);
    expect(first).toBeGreaterThanOrEqual(Date.parse('2024-03-15T13:00:00Z'));
    const trade = (await (
      await fetch(`${sim.url}/v2/stocks/AAA/trades/latest`, { headers: AUTH })
    ).json()) as {
      trade: { p: number };
    };
    expect(trade.trade.p).toBeGreaterThan(0);
  });
});
