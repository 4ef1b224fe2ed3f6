import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDalio } from '../test/run-cli.ts';

const DEPLOY = new URL('.', import.meta.url).pathname;
const UNITS = readdirSync(DEPLOY).filter((name) => /\.(service|timer)$/.test(name));
const SYSTEMD_ANALYZE = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((path) => existsSync(path));

describe('systemd units', () => {
  it('ship a run service, its timer, a daemon service, and the health check with its own timer', () => {
    expect(UNITS.sort()).toEqual([
      'dalio-daemon.service',
      'dalio-health.service',
      'dalio-health.timer',
      'dalio-run.service',
      'dalio-run.timer',
    ]);
  });

  it.each(UNITS)(
    '%s passes systemd-analyze verify (or, without systemd, has the sections systemd requires)',
    (unit) => {
      const text = readFileSync(join(DEPLOY, unit), 'utf8');
      if (SYSTEMD_ANALYZE) {
        // A valid unit: exit 0 and nothing said. An unknown key only warns on stderr, so stderr must be empty too.
        const result = spawnSync(SYSTEMD_ANALYZE, ['verify', join(DEPLOY, unit)], { encoding: 'utf8' });
        expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
          status: 0,
          stdout: '',
          stderr: '',
        });
      }
      expect(text).toMatch(/^\[Unit\]$/m);
      expect(text).toMatch(unit.endsWith('.timer') ? /^\[Timer\]$/m : /^\[Service\]$/m);
    },
  );

  it.each(UNITS.filter((unit) => unit.endsWith('.service')))(
    '%s runs as a dedicated user, hardened, with a 0700 state directory',
    (unit) => {
      const text = readFileSync(join(DEPLOY, unit), 'utf8');
      for (const line of [
        'User=dalio',
        'NoNewPrivileges=yes',
        'ProtectSystem=strict',
        'StateDirectoryMode=0700',
        'UMask=0077',
      ]) {
        expect(text).toContain(line);
      }
    },
  );

  it.each(UNITS.filter((unit) => unit.endsWith('.service')))(
    '%s starts a dalio command that exists',
    async (unit) => {
      const execStart = /^ExecStart=\S+ \S+main\.js (.+)$/m.exec(
        readFileSync(join(DEPLOY, unit), 'utf8'),
      )?.[1];
      expect(execStart).toBeDefined();
      const run = await runDalio([...(execStart ?? '').split(' '), '--help']);
      expect(run.exitCode).toBe(0);
    },
  );

  it.each(UNITS.filter((unit) => unit.endsWith('.service')))(
    '%s requires the secrets file and keeps paper, live and simulator state apart',
    (unit) => {
      const text = readFileSync(join(DEPLOY, unit), 'utf8');
      // "EnvironmentFile=-…" would start the unit without keys when the file is missing or mistyped.
      expect(text).toMatch(/^EnvironmentFile=\/etc\/dalio-lite\/secrets\.env$/m);
      // One fixed DALIO_STATE_DIR would be shared by paper and live; the default gives each its own.
      expect(text).not.toMatch(/^Environment=DALIO_STATE_DIR=/m);
      expect(text).toMatch(/^Environment=XDG_DATA_HOME=\/var\/lib$/m);
    },
  );

  it('the dead-man check runs apart from the autopilot, every 15 minutes, and alerts', () => {
    const service = readFileSync(join(DEPLOY, 'dalio-health.service'), 'utf8');
    expect(service).toMatch(/^ExecStart=\S+ \S+main\.js health --alert$/m);
    // Not tied to the daemon or the run timer: it must run when they are dead.
    expect(service).not.toMatch(/^(Conflicts|BindsTo|PartOf|Requires)=/m);
    const timer = readFileSync(join(DEPLOY, 'dalio-health.timer'), 'utf8');
    expect(timer).toContain('OnUnitActiveSec=15min');
    expect(timer).toContain('Unit=dalio-health.service');
  });

  it('the daemon restarts on failure and the timer fires on weekdays in New York time', () => {
    expect(readFileSync(join(DEPLOY, 'dalio-daemon.service'), 'utf8')).toContain('Restart=on-failure');
    expect(readFileSync(join(DEPLOY, 'dalio-run.timer'), 'utf8')).toContain(
      'OnCalendar=Mon..Fri 10:00 America/New_York',
    );
  });
});
