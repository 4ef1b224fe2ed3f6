import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packArchive, readArchive } from '../src/archive.ts';
import { archiveKey, sidecarKey } from '../src/backup-id.ts';
import type { BackupStore } from '../src/backup-store.ts';
import { sha256Hex } from '../src/build-archive.ts';

/**
 * Rewrite a stored backup's archive with changed entries and a record that matches the new archive, so the outer
 * checksum passes and only the inner checks (manifest, files) can catch the change.
 */
export async function repackBackup(
  store: BackupStore,
  id: string,
  change: (entries: Map<string, Buffer>) => void,
): Promise<void> {
  const archive = await store.get(archiveKey(id));
  const record = await store.get(sidecarKey(id));
  if (!archive || !record) throw new Error(`backup ${id} is not in ${store.location}`);
  const entries = await readArchive(archive);
  change(entries);
  const dir = await mkdtemp(join(tmpdir(), 'dalio-tamper-'));
  try {
    for (const [name, bytes] of entries) await writeFile(join(dir, name), bytes);
    const repacked = await packArchive(dir, [...entries.keys()]);
    const parsed = JSON.parse(record.toString('utf8')) as { archive: { bytes: number; sha256: string } };
    parsed.archive = { bytes: repacked.length, sha256: sha256Hex(repacked) };
    await store.put(archiveKey(id), repacked);
    await store.put(sidecarKey(id), Buffer.from(JSON.stringify(parsed)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Change a JSON entry of an archive in place. */
export function editJson(
  entries: Map<string, Buffer>,
  name: string,
  edit: (value: Record<string, unknown>) => void,
) {
  const bytes = entries.get(name);
  if (!bytes) throw new Error(`${name} is not in the archive`);
  const value = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  edit(value);
  entries.set(name, Buffer.from(JSON.stringify(value)));
}

/** Flip the low bit of one byte, as a bad disk sector or a bit flip in transit would. */
export function flipByte(bytes: Buffer, index: number): void {
  bytes.writeUInt8(bytes.readUInt8(index) ^ 0x01, index);
}
