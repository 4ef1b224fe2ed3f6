import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDalioChild } from '../../test/child-processes.ts';
import { runDalio } from '../../test/run-cli.ts';

/** A user on the built-in simulator at a fixed time, with the state in a fresh directory. */
async function simulatorUser() {
  const home = await mkdtemp(join(tmpdir(), 'dalio-state-cmd-'));
  const config = join(home, 'dalio.yaml');
  await writeFile(
    config,
    // No backups: with them a cycle restores a corrupt state by itself (backup-recovery.e2e.test.ts).
    'broker:\n  kind: simulator\n  simulator:\n    startAt: "2025-03-03T10:00:00-05:00"\nbackup:\n  auto: false\n',
  );
  const stateDir = join(home, 'state');
  const env = { HOME: home, DALIO_CONFIG: config, DALIO_STATE_DIR: stateDir };
  return { env, stateDir, dalio: (args: string[]) => runDalio(args, { env, cwd: home }) };
}

describe('dalio state (a quarantined state fails closed until a person recovers it)', () => {
  it('with state.json and its seq marker both corrupt, every command keeps refusing and names the recovery commands; reset needs --yes, then trading stays halted until resume', async () => {
    const user = await simulatorUser();
    expect((await user.dalio(['run'])).exitCode).toBe(0);
    await writeFile(join(user.stateDir, 'state.json'), 'garbage');
    await writeFile(join(user.stateDir, 'state.seq.json'), 'garbage');

    for (const args of [['run'], ['status'], ['run'], ['halt'], ['status']]) {
      const refused = await user.dalio(args);
      expect(refused.exitCode, args.join(' ')).toBe(1);
      // `run` reports the refused cycle on stdout; the others fail with one line on stderr.
      const said = args[0] === 'run' ? refused.stdout : refused.stderr;
      expect(said).toMatch(
        /^(dalio: |\[simulator\] \(no trading day\): REFUSED — ).*`dalio state reset --yes`.*\n/,
      );
      expect(said).toContain('`dalio state accept-restored`');
    }
    expect(await readdir(user.stateDir)).toContain('state.quarantined.json');

    expect(await user.dalio(['state', 'reset'])).toMatchObject({ exitCode: 2, stdout: '' });
    const reset = await user.dalio(['state', 'reset', '--yes']);
    expect(reset.exitCode).toBe(0);
    expect(reset.stdout).toMatch(/^State reset: .*halted until `dalio resume`/);
    const files = await readdir(user.stateDir);
    expect(files.filter((name) => name.includes('.corrupt-'))).toHaveLength(1);
    expect(files).not.toContain('state.quarantined.json');

    const halted = await user.dalio(['run']);
    expect(halted.stdout).toMatch(
      /REFUSED — Trading is halted since .*: the state was reset after it was quarantined/,
    );
    expect((await user.dalio(['resume'])).exitCode).toBe(0);
    expect((await user.dalio(['run'])).stdout).toMatch(/^\[simulator\] 2025-03-03: (COMMITTED|HOLD) — /);
  });

  it("a quarantine reaches the command's log as an error line, beside the one-line refusal", async () => {
    const user = await simulatorUser();
    expect((await user.dalio(['run'])).exitCode).toBe(0);
    await writeFile(join(user.stateDir, 'state.json'), '{"schemaVersion": 3, "seq": 2');
    const status = await runDalioChild(['status'], { PATH: process.env.PATH, ...user.env });
    expect(status.code).toBe(1);
    const lines = status.stderr.trim().split('\n');
    const logged = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 50, type: 'quarantined', kind: 'truncated', msg: 'quarantined' }),
    );
    expect(lines.at(-1)).toMatch(
      /^dalio: .*state\.json is truncated: .*moved to .*`dalio state reset --yes`/,
    );
  });
});
