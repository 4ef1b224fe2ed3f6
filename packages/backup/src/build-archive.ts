import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packArchive } from './archive.ts';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupAccount,
  type BackupRecord,
  MANIFEST_FILE,
  type Manifest,
} from './manifest.ts';
import type { Snapshot } from './snapshot.ts';

/** Who took a backup, of what, when: the fields the manifest and the record share. */
export interface BackupHeader {
  id: string;
  createdAt: string;
  mode: 'paper' | 'live';
  account: BackupAccount;
  host: string;
  appVersion: string;
}

/** A packed backup: the archive bytes and the record stored beside them. */
export interface BuiltBackup {
  archive: Buffer;
  record: BackupRecord;
  manifest: Manifest;
}

/** The lower-case hex sha256 of some bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Pack a snapshot with its manifest into one tar.gz (staged in a private temp directory under `workDir`). */
export async function buildArchive(
  snapshot: Snapshot,
  header: BackupHeader,
  workDir: string,
): Promise<BuiltBackup> {
  const files = [...snapshot.files.entries()]
    .map(([name, bytes]) => ({ name, bytes: bytes.length, sha256: sha256Hex(bytes) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const common = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    ...header,
    seq: snapshot.seq,
  } as const;
  const manifest: Manifest = { ...common, stateSchemaVersion: snapshot.stateSchemaVersion, files };
  await mkdir(workDir, { recursive: true, mode: 0o700 });
  const staging = await mkdtemp(join(workDir, '.staging-'));
  try {
    await writeFile(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    for (const [name, bytes] of snapshot.files) await writeFile(join(staging, name), bytes, { mode: 0o600 });
    const archive = await packArchive(staging, [MANIFEST_FILE, ...files.map((file) => file.name)]);
    return {
      archive,
      manifest,
      record: { ...common, archive: { bytes: archive.length, sha256: sha256Hex(archive) } },
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
