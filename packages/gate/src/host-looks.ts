import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Probed } from '@dalio-lite/observability';
import { STATE_FILE } from '@dalio-lite/state';
import type { ClockLook, StateDirLook } from './checklist-evidence.ts';
import type { RunCommand } from './run-command.ts';

/** What the clock look is given: this machine's time, the broker's (or why not), and the TZ variable. */
export interface ClockLookInput {
  now: Date;
  broker: Probed<string>;
  tzEnv: string | null;
  run: RunCommand;
}

function zoneWorks(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format(0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Look at the clock: the broker's time beside this machine's, NTP synchronisation from `timedatectl` where it
 * exists, and a sane time zone (the process zone resolves, TZ names a real zone, New York time can be computed).
 */
export async function lookAtClock(input: ClockLookInput): Promise<ClockLook> {
  const timedate = await input.run('timedatectl', ['show', '--property=NTPSynchronized', '--value']);
  const answer = timedate.ok ? timedate.stdout.trim() : '';
  const ntp = answer === 'yes' ? 'synchronized' : answer === 'no' ? 'not-synchronized' : ('unknown' as const);
  const ntpDetail = timedate.ok
    ? `timedatectl NTPSynchronized=${answer || '(empty)'}`
    : `timedatectl unavailable (${timedate.reason})`;
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
  const problems = [
    timeZone === null || !zoneWorks(timeZone)
      ? `the process time zone ${String(timeZone)} does not resolve`
      : null,
    input.tzEnv !== null && !zoneWorks(input.tzEnv.replace(/^:/, ''))
      ? `TZ=${input.tzEnv} is not a time zone (e.g. TZ=UTC or TZ=America/New_York)`
      : null,
    zoneWorks('America/New_York')
      ? null
      : 'America/New_York cannot be computed (Node without time zone data)',
  ].filter((problem): problem is string => problem !== null);
  return {
    localAt: input.now.toISOString(),
    broker: input.broker,
    ntp,
    ntpDetail,
    timeZone,
    tzEnv: input.tzEnv,
    zoneProblem: problems.length > 0 ? problems.join('; ') : null,
  };
}

/** The state directory's owner and modes: it must belong to this user, be 0700, and every file 0600. */
export async function lookAtStateDir(dir: string, uid: number): Promise<StateDirLook> {
  const stats = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (stats === null) return { dir, exists: false, hasState: false, problems: [] };
  const problems: string[] = [];
  if (!stats.isDirectory())
    return { dir, exists: true, hasState: false, problems: [`${dir} is not a directory`] };
  if (stats.uid !== uid) problems.push(`${dir} belongs to uid ${stats.uid}, not to this user (uid ${uid})`);
  const mode = stats.mode & 0o777;
  if ((mode & 0o077) !== 0) problems.push(`${dir} has mode ${octal(mode)}, other users can enter it`);
  const names = await readdir(dir);
  for (const name of names) {
    const path = join(dir, name);
    const file = await lstat(path).catch(() => null);
    if (file === null || !file.isFile()) continue;
    if (file.uid !== uid) problems.push(`${path} belongs to uid ${file.uid}, not to this user`);
    if ((file.mode & 0o077) !== 0) problems.push(`${path} has mode ${octal(file.mode & 0o777)}`);
  }
  return { dir, exists: true, hasState: names.includes(STATE_FILE), problems };
}

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}
