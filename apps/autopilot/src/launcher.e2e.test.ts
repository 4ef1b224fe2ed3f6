import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// `./dalio`, the launcher at the repo root, run the way the README says: a child process, its exact output.
const ROOT = new URL('../../../', import.meta.url).pathname;
const LAUNCHER = join(ROOT, 'dalio');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function dalio(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(LAUNCHER, args, { env: { PATH: process.env.PATH, ...env }, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A user of the built-in simulator at a fixed time, with a fresh state directory. */
async function simulatorUser(): Promise<NodeJS.ProcessEnv> {
  const home = await mkdtemp(join(tmpdir(), 'dalio-launcher-'));
  const config = join(home, 'dalio.yaml');
  await writeFile(
    config,
    'broker:\n  kind: simulator\n  simulator:\n    startAt: "2025-03-03T10:00:00-05:00"\n',
  );
  return { HOME: home, DALIO_CONFIG: config, DALIO_STATE_DIR: join(home, 'state') };
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'apps/autopilot/dist/main.js'))) {
    throw new Error('apps/autopilot/dist is missing: build first (npm test and npm start do)');
  }
});

describe('./dalio, the launcher of the built command', () => {
  it('with --json, standard output is exactly one JSON document for every command that reports', async () => {
    const env = await simulatorUser();
    for (const args of [
      ['run', '--json'],
      ['status', '--json', '--broker'],
      ['plan', '--json'],
      ['halt', '--json', '--reason', 'test'],
      ['resume', '--json'],
      ['backtest', '--preset', 'all-weather', '--from', '2020-01-01', '--to', '2020-06-30', '--json'],
    ]) {
      const run = await dalio(args, env);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      expect(() => JSON.parse(run.stdout), args.join(' ')).not.toThrow();
      expect(run.stdout.trim().startsWith('{'), args.join(' ')).toBe(true);
    }
  });

  it('an error with --json is one JSON document on standard output and exit code 2, with no stack trace', async () => {
    const run = await dalio(['run', '--again', '--json'], await simulatorUser());
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      error: '--again only works together with --force',
      exitCode: 2,
    });
    expect(run.stderr).toBe('');
  });

  it('prints its version and help', async () => {
    const version = await dalio(['--version'], {});
    expect(version).toEqual({
      code: 0,
      stdout: `${JSON.parse(await readFile(join(ROOT, 'apps/autopilot/package.json'), 'utf8')).version}\n`,
      stderr: '',
    });
    const help = await dalio(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: dalio \[options\] \[command\]/);
  });

  it('names the simulator on every cycle line, in status and in health, so fake money is never mistaken for a broker', async () => {
    const run = await dalio(['run'], await simulatorUser());
    expect(run.stdout).toMatch(/^\[simulator\] 2025-03-03: COMMITTED — /);
    const health = await dalio(['health'], await simulatorUser());
    expect(health.stdout).toMatch(
      /^Dalio Lite health: [A-Z]+ \(.*\), trading on the BUILT-IN SIMULATOR \(fake money, no real broker\)\n/,
    );
    const status = await dalio(['status'], await simulatorUser());
    expect(status.stdout).toMatch(
      /^Dalio Lite — PAPER trading on the BUILT-IN SIMULATOR \(fake money, no real broker\)\n/,
    );
  });
});
