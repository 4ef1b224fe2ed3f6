import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDalio } from '../../test/run-cli.ts';

describe('dalio explain', () => {
  it('explains the decision rules with the user’s own numbers, then the last decision and its reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-explain-'));
    await writeFile(
      join(dir, 'dalio.yaml'),
      'broker:\n  kind: simulator\n  simulator:\n    startAt: "2025-03-03T10:00:00-05:00"\nallocation:\n  targets: { VTI: 60, TLT: 40 }\npolicy:\n  minDaysBetween: 20\n',
    );
    const dalio = (args: string[]) => runDalio(args, { env: { HOME: dir }, cwd: dir });
    const before = await dalio(['explain']);
    expect(before.exitCode).toBe(0);
    expect(before.stdout).toContain('Allocation (your own): VTI 60 %, TLT 40 %.');
    expect(before.stdout).toContain('VTI 60 % may range 55–65 % (absolute band); TLT 40 % may range 35–45 %');
    expect(before.stdout).toContain('never rebalances twice within 20 calendar days');
    expect(before.stdout).toContain('No cycle has run yet.');
    await dalio(['run']);
    const after = JSON.parse((await dalio(['explain', '--json'])).stdout);
    expect(after.lastDecision).toMatchObject({
      n: 1,
      day: '2025-03-03',
      outcome: 'committed',
      kind: 'trade',
    });
    expect(after.lastDecision.reason).toContain('VTI −60.0 pts');
  });
});
