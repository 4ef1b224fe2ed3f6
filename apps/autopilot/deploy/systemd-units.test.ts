import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDalio } from '../test/run-cli.ts';

const DEPLOY = new URL('.', import.meta.url).pathname;
const UNITS = readdirSync(DEPLOY).filter((name) => /\.(service|timer)$/.test(name));
const SYSTEMD_ANALYZE = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((path) => existsSync(path));

describe('systemd units', () => {
  it('ship a run service, its timer and a daemon service', () => {
    expect(UNITS.sort()).toEqual(['dalio-daemon.service', 'dalio-run.service', 'dalio-run.timer']);
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

  it('the daemon restarts on failure and the timer fires on weekdays in New York time', () => {
    expect(readFileSync(join(DEPLOY, 'dalio-daemon.service'), 'utf8')).toContain('Restart=on-failure');
    expect(readFileSync(join(DEPLOY, 'dalio-run.timer'), 'utf8')).toContain(
      'OnCalendar=Mon..Fri 10:00 America/New_York',
    );
  });
});
