import { decodeEnvelope, STATE_FILE } from '@dalio-lite/state';
import { readArchive } from './archive.ts';
import { archiveKey, sidecarKey } from './backup-id.ts';
import type { BackupStore } from './backup-store.ts';
import { sha256Hex } from './build-archive.ts';
import { BackupError, type BackupFault } from './errors.ts';
import {
  type BackupAccount,
  type BackupRecord,
  backupRecordSchema,
  MANIFEST_FILE,
  type Manifest,
  manifestSchema,
} from './manifest.ts';

/** Whose backups these must be: another mode or account is refused. */
export interface BackupOwner {
  mode: 'paper' | 'live';
  account: BackupAccount;
}

/** A backup whose every byte was checked: its record, manifest and files. */
export interface VerifiedBackup {
  record: BackupRecord;
  manifest: Manifest;
  /** The state files, by name (the manifest itself not included). */
  files: Map<string, Buffer>;
}

const CANNOT_RESTORE =
  'it cannot be restored; use another backup (`dalio backup list`, or `--from` the other store)';

/** The account in words: `alpaca-paper account PA123`. */
export function describeAccount(account: BackupAccount): string {
  return `${account.venue} account ${account.accountId}`;
}

function fail(
  fault: BackupFault,
  store: BackupStore,
  id: string,
  problem: string,
  fix = CANNOT_RESTORE,
): never {
  throw new BackupError(fault, `backup ${id} in ${store.location}: ${problem}; ${fix}`, {
    backupId: id,
    store: store.kind,
  });
}

/**
 * The cheap check (restic `check` without `--read-data`): the record is there and whole, the backup belongs to
 * `owner`, and the archive exists with exactly the recorded size. `archiveBytes` is the size from a listing
 * when the caller has one (no extra request).
 */
export async function checkListing(
  store: BackupStore,
  id: string,
  owner: BackupOwner,
  archiveBytes?: number | null,
): Promise<BackupRecord> {
  const recordBytes = await store.get(sidecarKey(id));
  const size =
    archiveBytes === undefined ? ((await store.head(archiveKey(id)))?.bytes ?? null) : archiveBytes;
  if (recordBytes === null) {
    if (size === null)
      fail('not-found', store, id, 'there is no such backup', 'pick one from `dalio backup list`');
    fail(
      'bad-manifest',
      store,
      id,
      `its record ${sidecarKey(id)} is missing (an upload that never finished)`,
    );
  }
  let record: BackupRecord;
  try {
    record = backupRecordSchema.parse(JSON.parse(recordBytes.toString('utf8')));
  } catch {
    fail('bad-manifest', store, id, `its record ${sidecarKey(id)} is not a valid backup record`);
  }
  if (record.id !== id) fail('bad-manifest', store, id, `its record names another backup (${record.id})`);
  checkOwner(store, id, record, owner);
  if (size === null) {
    fail(
      'archive-missing',
      store,
      id,
      `the archive ${archiveKey(id)} is missing (deleted, or the upload never finished)`,
    );
  }
  if (size !== record.archive.bytes) {
    const truncated = size < record.archive.bytes;
    fail(
      truncated ? 'truncated' : 'size-mismatch',
      store,
      id,
      `the archive is ${size} bytes, its record says ${record.archive.bytes}${truncated ? ' (a truncated upload)' : ''}`,
    );
  }
  return record;
}

function checkOwner(
  store: BackupStore,
  id: string,
  found: Pick<BackupRecord, 'mode' | 'account'>,
  owner: BackupOwner,
) {
  if (found.mode !== owner.mode) {
    fail(
      'wrong-mode',
      store,
      id,
      `it is a ${found.mode} backup and this is ${owner.mode}`,
      'paper and live never share state; pick a backup of this mode',
    );
  }
  const { venue, accountId } = owner.account;
  if (found.account.venue !== venue || found.account.accountId !== accountId) {
    fail(
      'wrong-account',
      store,
      id,
      `it belongs to ${describeAccount(found.account)}, not ${describeAccount(owner.account)}`,
      'a state is never restored onto another account; pick a backup of this account',
    );
  }
}

/**
 * The full check (restic `check --read-data`): download the archive, compare its sha256 with the record, open
 * it, and check the manifest against the record and every file against the manifest (size and sha256), with no
 * file missing or added, and a state file that verifies and has the recorded seq.
 */
export async function verifyFully(
  store: BackupStore,
  id: string,
  owner: BackupOwner,
): Promise<VerifiedBackup> {
  const record = await checkListing(store, id, owner);
  const archive = await store.get(archiveKey(id));
  if (archive === null)
    fail('archive-missing', store, id, `the archive ${archiveKey(id)} disappeared while it was read`);
  if (archive.length !== record.archive.bytes) {
    fail(
      'truncated',
      store,
      id,
      `the download is ${archive.length} bytes, its record says ${record.archive.bytes}`,
    );
  }
  const actual = sha256Hex(archive);
  if (actual !== record.archive.sha256) {
    fail(
      'checksum-mismatch',
      store,
      id,
      `the archive's sha256 is ${actual.slice(0, 12)}…, its record says ${record.archive.sha256.slice(0, 12)}… (the bytes were changed)`,
    );
  }
  const entries = await readArchive(archive).catch((error: unknown) => {
    if (error instanceof BackupError)
      fail(error.fault, store, id, `the archive cannot be opened (${error.message})`);
    throw error;
  });
  const manifestBytes = entries.get(MANIFEST_FILE);
  if (!manifestBytes) fail('bad-manifest', store, id, `the archive has no ${MANIFEST_FILE}`);
  let manifest: Manifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
  } catch {
    fail('bad-manifest', store, id, `its ${MANIFEST_FILE} is not a valid manifest`);
  }
  for (const field of ['id', 'createdAt', 'mode', 'seq'] as const) {
    if (manifest[field] !== record[field]) {
      fail(
        'bad-manifest',
        store,
        id,
        `the manifest's ${field} (${manifest[field]}) differs from the record's (${record[field]})`,
      );
    }
  }
  checkOwner(store, id, manifest, owner);
  const files = new Map<string, Buffer>();
  for (const file of manifest.files) {
    const bytes = entries.get(file.name);
    if (!bytes)
      fail('file-missing', store, id, `${file.name} is listed in the manifest but missing from the archive`);
    if (bytes.length !== file.bytes || sha256Hex(bytes) !== file.sha256) {
      fail('file-mismatch', store, id, `${file.name} does not match its size or sha256 in the manifest`);
    }
    files.set(file.name, bytes);
  }
  for (const name of entries.keys()) {
    if (name !== MANIFEST_FILE && !files.has(name)) {
      fail('unexpected-file', store, id, `the archive holds ${name}, which the manifest does not list`);
    }
  }
  const stateBytes = files.get(STATE_FILE);
  if (!stateBytes) fail('file-missing', store, id, `the archive has no ${STATE_FILE}`);
  const decoded = decodeEnvelope(stateBytes);
  if (!decoded.ok)
    fail('state-unusable', store, id, `its ${STATE_FILE} does not verify (${decoded.message})`);
  if (decoded.envelope.seq !== manifest.seq) {
    fail(
      'bad-manifest',
      store,
      id,
      `its ${STATE_FILE} has seq ${decoded.envelope.seq}, the manifest says ${manifest.seq}`,
    );
  }
  return { record, manifest, files };
}
