import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lookAtClock, lookAtStateDir } from './host-looks.ts';
import { lookAtInstallTests } from './install-tests.ts';
import type { RunCommand } from './run-command.ts';

const uid = process.getuid?.() ?? 0;
const broker = { ok: true as const, value: '2025-03-03T15:00:00.000Z' };

/** A host whose helper programs answer as given (a missing one: not installed). */
function host(answers: Record<string, string>): RunCommand {
  return async (command) =>
    command in answers
      ? { ok: true, stdout: answers[command] ?? '' }
      : { ok: false, reason: `${command} is not installed` };
}

describe('looking at the host', () => {
  test('a state directory other users can enter, or a file they can read, is named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-gate-dir-'));
    await writeFile(join(dir, 'state.json'), '{}', { mode: 0o600 });
    expect(await lookAtStateDir(dir, uid)).toEqual({ dir, exists: true, hasState: true, problems: [] });
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'notes.txt'), 'x', { mode: 0o644 });
    await chmod(join(dir, 'notes.txt'), 0o644);
    expect((await lookAtStateDir(dir, uid)).problems).toEqual([
      `${dir} has mode 0755, other users can enter it`,
      `${join(dir, 'notes.txt')} has mode 0644`,
    ]);
    expect((await lookAtStateDir(dir, uid + 1)).problems[0]).toBe(
      `${dir} belongs to uid ${uid}, not to this user (uid ${uid + 1})`,
    );
    expect(await lookAtStateDir(join(dir, 'missing'), uid)).toMatchObject({ exists: false, hasState: false });
  });

  test('NTP comes from timedatectl where it exists; a bogus TZ is not a sane time zone', async () => {
    const now = new Date('2025-03-03T15:00:00.400Z');
    const synced = await lookAtClock({ now, broker, tzEnv: null, run: host({ timedatectl: 'yes\n' }) });
    expect(synced).toMatchObject({ ntp: 'synchronized', zoneProblem: null });
    const unsynced = await lookAtClock({ now, broker, tzEnv: null, run: host({ timedatectl: 'no\n' }) });
    expect(unsynced.ntp).toBe('not-synchronized');
    const bare = await lookAtClock({ now, broker, tzEnv: 'Mars/Olympus', run: host({}) });
    expect(bare).toMatchObject({
      ntp: 'unknown',
      ntpDetail: 'timedatectl unavailable (timedatectl is not installed)',
    });
    expect(bare.zoneProblem).toBe('TZ=Mars/Olympus is not a time zone (e.g. TZ=UTC or TZ=America/New_York)');
  });

  test('without git the installed commit is unknown, with the reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dalio-gate-install-'));
    const tests = await lookAtInstallTests(dir, join(dir, 'none.json'), host({}));
    expect(tests).toEqual({
      path: join(dir, 'none.json'),
      result: null,
      installCommit: null,
      commitProblem: 'git is not installed',
    });
  });
});
