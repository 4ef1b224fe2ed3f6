import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { errnoCode } from './errors.ts';

/** Who holds a lock: its process, host and when it took the lock (ISO 8601), for "in progress" messages. */
export interface LockHolder {
  pid: number;
  hostname: string;
  acquiredAt: string;
}

/** The file inside a lock directory that names its holder. */
export const HOLDER_FILE = 'holder.json';

const holderRecordSchema = z.object({
  // Names this one lock directory: takers of the same dead lock agree on it, a later lock never shares it.
  token: z.string().regex(/^[0-9a-f]{24}$/),
  pid: z.number().int().positive(),
  hostname: z.string().min(1),
  // A different boot of the same host means the holder is gone even if its pid runs again.
  bootId: z.string().min(1).nullable(),
  // Processes in another pid namespace (container) are invisible here: treated like another host.
  pidNamespace: z.string().min(1).nullable(),
  // Kernel start time of the holder process (clock ticks since boot); a reused pid has another one.
  processStartTicks: z.string().regex(/^\d+$/).nullable(),
  acquiredAt: z.iso.datetime({ offset: true }),
});

/** What `holder.json` stores: the public `LockHolder` plus what tells the holder from a process reusing its pid. */
export type HolderRecord = z.infer<typeof holderRecordSchema>;

/** The facts about a process that `holder.json` records. */
export type ProcessIdentity = Omit<HolderRecord, 'token' | 'acquiredAt'>;

/** Asks the operating system about a process; injectable so tests can stage dead and reused pids. */
export interface ProcessProbe {
  /** Whether a process with this pid exists here (one we may not signal counts as alive). */
  isAlive(pid: number): boolean;
  /** The kernel start time of `pid` in clock ticks since boot, or null when it cannot be read. */
  startTicks(pid: number): string | null;
}

/** The probe over `process.kill(pid, 0)` and `/proc/<pid>/stat` (start ticks are null where there is no /proc). */
export const nodeProcessProbe: ProcessProbe = {
  isAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return errnoCode(error) === 'EPERM';
    }
  },
  startTicks: (pid) => startTicksFromStat(readOrNull(`/proc/${pid}/stat`) ?? ''),
};

/** Field 22 (`starttime`) of a `/proc/<pid>/stat` line; the command name before it may contain spaces and ')'. */
export function startTicksFromStat(statLine: string): string | null {
  const nameEnd = statLine.lastIndexOf(')');
  if (nameEnd < 0) return null;
  // After ") " come fields 3, 4, ...: starttime (field 22) is the 20th.
  const ticks = statLine.slice(nameEnd + 2).split(' ')[19];
  return ticks !== undefined && /^\d+$/.test(ticks) ? ticks : null;
}

let current: ProcessIdentity | undefined;

/** This process's identity, read once. */
export function currentProcess(): ProcessIdentity {
  current ??= {
    pid: process.pid,
    hostname: hostname(),
    bootId: readOrNull('/proc/sys/kernel/random/boot_id')?.trim() || null,
    pidNamespace: readLinkOrNull('/proc/self/ns/pid'),
    processStartTicks: nodeProcessProbe.startTicks(process.pid),
  };
  return current;
}

/** A random name for one lock directory (not a secret: it only tells lock directories apart). */
export function newHolderToken(): string {
  return randomBytes(12).toString('hex');
}

/** The record of a lock this process takes at `now`. */
export function createHolderRecord(self: ProcessIdentity, token: string, now: Date): HolderRecord {
  return { ...self, token, acquiredAt: now.toISOString() };
}

/** The holder recorded in a lock directory, or null when there is none yet or it cannot be read or trusted. */
export async function readHolderRecord(lockPath: string): Promise<HolderRecord | null> {
  try {
    return parseHolderRecord(await readFile(join(lockPath, HOLDER_FILE), 'utf8'));
  } catch (error) {
    if (errnoCode(error) === undefined) throw error;
    return null;
  }
}

/** `readHolderRecord` for exit handlers, which must not wait. */
export function readHolderRecordSync(lockPath: string): HolderRecord | null {
  const text = readOrNull(join(lockPath, HOLDER_FILE));
  return text === null ? null : parseHolderRecord(text);
}

/** Parse `holder.json`; anything malformed is null, so the caller falls back to the stale-time rule. */
export function parseHolderRecord(text: string): HolderRecord | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const result = holderRecordSchema.safeParse(parsed);
  return result.success ? result.data : null;
}

/** The part of a record callers show. */
export function lockHolderOf(record: HolderRecord): LockHolder {
  return { pid: record.pid, hostname: record.hostname, acquiredAt: record.acquiredAt };
}

/**
 * Whether the recorded holder has certainly ended, judged from this process: only a holder on this host and
 * in this pid namespace can be judged (anything else answers false and waits for the stale time). Gone means
 * recorded in an earlier boot, no such pid, or the pid now belongs to a process that started at another time.
 */
export function isHolderGone(
  record: HolderRecord,
  self: ProcessIdentity = currentProcess(),
  probe: ProcessProbe = nodeProcessProbe,
): boolean {
  if (record.hostname !== self.hostname) return false;
  if (differ(record.pidNamespace, self.pidNamespace)) return false;
  if (differ(record.bootId, self.bootId)) return true;
  if (!probe.isAlive(record.pid)) return true;
  if (record.processStartTicks === null) return false;
  // An unreadable start time (e.g. /proc mounted with hidepid) proves nothing: keep treating it as alive.
  const ticks = probe.startTicks(record.pid);
  return ticks !== null && ticks !== record.processStartTicks;
}

function differ(recorded: string | null, here: string | null): boolean {
  return recorded !== null && here !== null && recorded !== here;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function readLinkOrNull(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}
