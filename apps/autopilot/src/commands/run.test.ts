import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDalio } from '../../test/run-cli.ts';

describe('dalio run (arguments)', () => {
  it('--again without --force is a one-line usage error with exit code 2', async () => {
    const run = await runDalio(['run', '--again']);
    expect(run).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'dalio: --again only works together with --force\n',
    });
  });

  it('--json turns the usage error into a JSON error', async () => {
    const run = await runDalio(['run', '--again', '--json']);
    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      error: '--again only works together with --force',
      exitCode: 2,
    });
  });

  it('a bad DALIO_CRASH_AT is refused before anything runs', async () => {
    const run = await runDalio(['run'], {
      env: { HOME: '/nonexistent-home', DALIO_CRASH_AT: 'after-lock:zero' },
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'dalio: DALIO_CRASH_AT: "after-lock:zero" is not <step>[:<n>], e.g. after-submit-sell:2\n',
    );
  });

  it('refuses to trade in live mode until `dalio live enable`, before the live broker is asked anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-live-'));
    await writeFile(join(dir, 'dalio.yaml'), 'mode: live\n');
    const env = {
      HOME: dir,
      APCA_API_KEY_ID: 'AKLIVE',
      APCA_API_SECRET_KEY: 'live-secret',
      DALIO_CONFIG: join(dir, 'dalio.yaml'),
    };
    const run = await runDalio(['run'], { env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      'dalio: live trading is not enabled: run `dalio checklist`, then `dalio live enable --tier 1` (a typed account number), or set mode: paper\n',
    );
  });

  it('paper keys (PK…) with mode: live are refused before any order, with exit code 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-live-'));
    await writeFile(join(dir, 'dalio.yaml'), 'mode: live\n');
    const env = {
      HOME: dir,
      APCA_API_KEY_ID: 'PKPAPERKEY',
      APCA_API_SECRET_KEY: 'paper-secret',
      DALIO_CONFIG: join(dir, 'dalio.yaml'),
    };
    const run = await runDalio(['run'], { env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'dalio: APCA_API_KEY_ID is a paper key (PK…) but mode is live (https://api.alpaca.markets); put the live key pair (AK…) in the secrets file, or set mode: paper\n',
    );
  });

  it('missing Alpaca keys are the same one-line error and exit code 2 in every command', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-nokeys-'));
    await writeFile(join(dir, 'dalio.yaml'), 'broker:\n  kind: alpaca\n');
    const env = { HOME: dir, DALIO_CONFIG: join(dir, 'dalio.yaml') };
    const commands = [
      ['run'],
      ['plan'],
      ['status', '--broker'],
      ['halt', '--cancel-orders'],
      ['data', 'fetch', '--symbols', 'VTI', '--from', '2024-01-02', '--to', '2024-02-01', '--out', dir],
    ];
    const runs = await Promise.all(commands.map((args) => runDalio(args, { env, cwd: dir })));
    for (const run of runs) {
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/^dalio: .*broker\.kind: alpaca needs API keys but none are set.*\n$/);
    }
    expect(new Set(runs.map((run) => run.stderr)).size).toBe(1);
  });
});
