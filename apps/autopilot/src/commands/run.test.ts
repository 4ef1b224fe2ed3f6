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
});
