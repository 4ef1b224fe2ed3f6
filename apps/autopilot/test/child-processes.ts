import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runProcess } from '../src/run-process.ts';

const MAIN = new URL('../src/main.ts', import.meta.url).pathname;
const TSX = createRequire(import.meta.url).resolve('tsx');

/** The node arguments that run the `dalio` command from source, as `pnpm dalio` does. */
export function dalioArgs(args: readonly string[]): string[] {
  return ['--conditions=@dalio-lite/source', '--import', TSX, MAIN, ...args];
}

/** The outcome of a finished child `dalio`. */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run `dalio <args>` in a child process to completion (as another user with `as`, when this one is root). */
export function runDalioChild(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  as: { uid: number; gid: number } | null = null,
): Promise<ChildRun> {
  return runProcess(process.execPath, dalioArgs(args), env, as);
}

/** Run any program (a script, the launcher) to completion with exactly `env`, capturing its output. */
export { runProcess };

/** A `dalio sim` child serving the simulator on a free port. */
export interface SimChild {
  url: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
  /** Control routes: move the clock, schedule a fault, read the ledger. */
  admin<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** Start `dalio sim` with a fixed clock (`at`) or in time-lapse (`start` + `speed`) and wait for its URL. */
export async function startSimChild(
  options: { at: string } | { start: string; speed: number },
  extraArgs: readonly string[] = [],
): Promise<SimChild> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dalio-sim-'));
  const clockArgs =
    'at' in options ? ['--at', options.at] : ['--start', options.start, '--speed', String(options.speed)];
  const child = spawn(
    process.execPath,
    dalioArgs(['sim', '--port', '0', ...clockArgs, '--data-dir', dataDir, ...extraArgs]),
    { env: { PATH: process.env.PATH, HOME: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) =>
      reject(new Error(`dalio sim exited (${code}) before printing its URL: ${stderr}`)),
    );
  });
  return {
    url,
    dataDir,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
    async admin(method, path, body) {
      const response = await fetch(`${url}/_sim${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          'APCA-API-KEY-ID': 'admin',
          'APCA-API-SECRET-KEY': 'admin',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok)
        throw new Error(`${method} /_sim${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as never;
    },
  };
}

/** The environment of a `dalio` child that trades on the simulator through the Alpaca adapter. */
export function autopilotEnv(
  sim: SimChild,
  stateDir: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: stateDir,
    APCA_API_KEY_ID: 'e2e-key',
    APCA_API_SECRET_KEY: 'e2e-secret',
    DALIO_ALPACA_BASE_URL: sim.url,
    DALIO_STATE_DIR: stateDir,
    ...extra,
  };
}

/** Wait until a process has stopped itself (SIGSTOP, e.g. through `DALIO_PAUSE_AT`): its /proc state is `T`. */
export async function waitUntilStopped(pid: number): Promise<void> {
  for (let look = 0; look < 600; look++) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'T') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`process ${pid} did not stop within 30 s`);
}
