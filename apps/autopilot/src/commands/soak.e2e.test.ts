import { describe, expect, it } from 'vitest';
import { runDalio } from '../../test/run-cli.ts';

describe('dalio soak', () => {
  it('refuses an unknown fault profile with the choices', async () => {
    const run = await runDalio(['soak', '--faults', 'brutal']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim()).toBe('dalio: --faults: "brutal" must be one of none, default, harsh');
  });
});
