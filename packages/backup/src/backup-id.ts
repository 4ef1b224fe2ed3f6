import { randomBytes } from 'node:crypto';

/** `20250303T150405Z-s000042-a1b2c3`: creation time (UTC), state seq, random; sorts oldest first. */
export const BACKUP_ID_PATTERN = /^\d{8}T\d{6}Z-s\d{6,}-[0-9a-f]{6}$/;

const ARCHIVE_SUFFIX = '.tar.gz';
const SIDECAR_SUFFIX = '.json';

/** A new backup id for a snapshot of `seq` taken at `at`. */
export function newBackupId(at: Date, seq: number, random: () => string = randomHex): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `${stamp}-s${String(seq).padStart(6, '0')}-${random()}`;
}

function randomHex(): string {
  return randomBytes(3).toString('hex');
}

/** When a backup was taken and the seq of its state, read from its id (no download needed). */
export function parseBackupId(id: string): { createdAt: string; seq: number } | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-s(\d+)-[0-9a-f]{6}$/.exec(id);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, seq] = match;
  return { createdAt: `${year}-${month}-${day}T${hour}:${minute}:${second}.000Z`, seq: Number(seq) };
}

/** True for a well-formed backup id. */
export function isBackupId(text: string): boolean {
  return BACKUP_ID_PATTERN.test(text);
}

/** The object name of a backup's archive. */
export function archiveKey(id: string): string {
  return `${id}${ARCHIVE_SUFFIX}`;
}

/** The object name of a backup's record (its size, checksum and account), written after the archive. */
export function sidecarKey(id: string): string {
  return `${id}${SIDECAR_SUFFIX}`;
}

/** The backup id and object kind of an object name, or null for anything else in the store. */
export function parseObjectKey(key: string): { id: string; kind: 'archive' | 'sidecar' } | null {
  for (const [suffix, kind] of [
    [ARCHIVE_SUFFIX, 'archive'],
    [SIDECAR_SUFFIX, 'sidecar'],
  ] as const) {
    if (!key.endsWith(suffix)) continue;
    const id = key.slice(0, -suffix.length);
    return isBackupId(id) ? { id, kind } : null;
  }
  return null;
}
