import { access, constants, readFile, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { REBALANCE_LOCK_CONFIG, STATE_FILE } from '@dalio-lite/state';
import { STATE_RECOVERY_ACTION } from '../alerts/cycle-alerts.ts';
import type { DiskLook, HealthData, HealthSettings, LockLook } from './health-data.ts';
import { type CheckResult, check } from './health-report.ts';

/** The state, the heartbeat and the history verify; a quarantined or damaged file is critical. */
export function stateCheck(data: HealthData): CheckResult {
  if (!data.state.ok)
    return check(
      'state',
      'critical',
      `the state cannot be trusted: ${data.state.reason}`,
      STATE_RECOVERY_ACTION,
    );
  if (!data.heartbeat.ok)
    return check(
      'state',
      'critical',
      `the heartbeat file cannot be trusted: ${data.heartbeat.reason}`,
      'the next cycle writes a new one; look at the quarantined file beside it',
    );
  if (!data.history.ok)
    return check(
      'state',
      'critical',
      `the rebalance history cannot be read: ${data.history.reason}`,
      'check the disk and the permissions of the state directory',
    );
  const damaged = data.history.value.skipped.filter((line) => !line.last);
  if (damaged.length > 0) {
    return check(
      'state',
      'critical',
      `${damaged.length} line(s) of the rebalance history are damaged (${damaged.map((l) => `line ${l.lineNumber}: ${l.reason}`).join(', ')})`,
      'restore rebalance-history.jsonl from a backup; the damaged lines are skipped, the rest is intact',
    );
  }
  if (data.history.value.skipped.length > 0) {
    return check(
      'state',
      'warn',
      'the last line of the rebalance history was cut short (a write was interrupted)',
      'nothing to do: the next cycle appends after it',
    );
  }
  if (data.state.value === null) return check('state', 'ok', 'no state yet (the first cycle creates it)');
  return check(
    'state',
    'ok',
    `state, heartbeat and ${data.history.value.records.length} history lines verify`,
  );
}

/** The lock is free, or held by a live cycle for a sensible time. */
export function lockCheck(data: HealthData, settings: HealthSettings): CheckResult {
  if (!data.lock.ok)
    return check(
      'lock',
      'critical',
      `cannot run: ${data.lock.reason}`,
      'check the permissions of the state directory',
    );
  const look = data.lock.value;
  if (look.kind === 'free') return check('lock', 'ok', 'free');
  const who = look.holder
    ? `process ${look.holder.pid} on ${look.holder.hostname} since ${look.holder.acquiredAt}`
    : 'an unknown process';
  if (look.ageMs > settings.lockStaleMs) {
    return check(
      'lock',
      'warn',
      `stale: held by ${who}, not refreshed for ${Math.round(look.ageMs / 1000)} s (the holder stopped)`,
      'nothing to do if that process is gone: the next cycle takes the lock over; otherwise stop that process first',
    );
  }
  const heldMs = look.holder ? data.now.getTime() - Date.parse(look.holder.acquiredAt) : 0;
  if (heldMs > settings.lockMaxHoldMs) {
    return check(
      'lock',
      'critical',
      `held by ${who} for ${Math.round(heldMs / 60_000)} min: a cycle may be stuck`,
      `look at that process (\`journalctl -u dalio-daemon\`); stopping it with SIGTERM lets the next cycle reconcile`,
    );
  }
  return check('lock', 'ok', `a cycle is running (${who})`);
}

/** Enough free space, and a private, writable state directory. */
export function diskCheck(data: HealthData, settings: HealthSettings): CheckResult {
  if (!data.disk.ok)
    return check(
      'disk',
      'critical',
      `cannot run: ${data.disk.reason}`,
      'check that the state directory exists',
    );
  const { freeBytes, permissionProblems, writable } = data.disk.value;
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  if (!writable)
    return check(
      'disk',
      'critical',
      'the state directory is not writable by this user',
      'run as the user that owns it (dalio under systemd), or chown it',
    );
  if (freeBytes !== null && freeBytes < settings.freeBytes.critical) {
    return check(
      'disk',
      'critical',
      `only ${mb(freeBytes)} free on the state directory's disk`,
      'free space: a full disk stops every state write (the cycle then refuses to trade)',
    );
  }
  if (permissionProblems.length > 0)
    return check(
      'disk',
      'warn',
      permissionProblems.join('; '),
      'chmod 700 the state directory and 600 its files',
    );
  if (freeBytes !== null && freeBytes < settings.freeBytes.warn) {
    return check(
      'disk',
      'warn',
      `only ${mb(freeBytes)} free on the state directory's disk`,
      'free some space before it runs out',
    );
  }
  return check(
    'disk',
    'ok',
    `${freeBytes === null ? 'unknown space' : mb(freeBytes)} free, directory private and writable`,
  );
}

/** Look at the lock directory without touching it. */
export async function lookAtLock(stateDir: string, nowMs: number): Promise<LockLook> {
  const lockPath = join(stateDir, REBALANCE_LOCK_CONFIG.fileName);
  const info = await stat(lockPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (info === null) return { kind: 'free' };
  let holder: { pid: number; hostname: string; acquiredAt: string } | null = null;
  try {
    const parsed = JSON.parse(await readFile(join(lockPath, 'holder.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    if (
      typeof parsed.pid === 'number' &&
      typeof parsed.hostname === 'string' &&
      typeof parsed.acquiredAt === 'string'
    ) {
      holder = { pid: parsed.pid, hostname: parsed.hostname, acquiredAt: parsed.acquiredAt };
    }
  } catch {
    // A lock being taken has no holder file for a moment.
  }
  return { kind: 'held', ageMs: Math.max(0, nowMs - info.mtimeMs), holder };
}

/** Free space and permissions of the state directory (and its state file). */
export async function lookAtDisk(stateDir: string): Promise<DiskLook> {
  const problems: string[] = [];
  const dir = await stat(stateDir);
  if ((dir.mode & 0o077) !== 0)
    problems.push(`the state directory has mode ${(dir.mode & 0o777).toString(8)}, not 700`);
  if (typeof process.getuid === 'function' && dir.uid !== process.getuid()) {
    problems.push(`the state directory belongs to uid ${dir.uid}, not to this user (${process.getuid()})`);
  }
  const file = await stat(join(stateDir, STATE_FILE)).catch(() => null);
  if (file && (file.mode & 0o077) !== 0)
    problems.push(`state.json has mode ${(file.mode & 0o777).toString(8)}, not 600`);
  const writable = await access(stateDir, constants.W_OK | constants.X_OK).then(
    () => true,
    () => false,
  );
  const fsInfo = await statfs(stateDir).catch(() => null);
  return { freeBytes: fsInfo ? fsInfo.bavail * fsInfo.bsize : null, permissionProblems: problems, writable };
}
