import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createRebalanceLock, QUARANTINE_RECORD_FILE, StateCorruptError } from '@dalio-lite/state';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, type BackupFixture, boundPayload, createBackupFixture } from '../test/backup-fixture.ts';
import { startLocalS3 } from '../test/s3-server.ts';
import { flipByte } from '../test/tamper.ts';
import { readArchive } from './archive.ts';
import { archiveKey } from './backup-id.ts';
import { BackupError } from './errors.ts';
import { createLocalStore } from './local-store.ts';

let fixture: BackupFixture;
afterEach(() => fixture?.cleanup());

async function archiveEntries(id: string): Promise<string[]> {
  const bytes = await createLocalStore(join(fixture.localDir, ACCOUNT.accountId)).get(archiveKey(id));
  if (!bytes) throw new Error('no archive');
  return [...(await readArchive(bytes)).keys()].sort();
}

/** A port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('creating backups', () => {
  it('stores one verified archive locally and off-site, with the state files only: no lock, token, simulator or quarantined copy', async () => {
    fixture = await createBackupFixture({ s3: true });
    await writeFile(join(fixture.stateDir, 'dashboard-token'), 'secret-token');
    await mkdir(join(fixture.stateDir, 'simulator'));
    await mkdir(join(fixture.stateDir, 'rebalance.lock'));
    await writeFile(join(fixture.stateDir, 'state.json.corrupt-2025'), 'garbage');
    const service = fixture.service();
    const created = await service.create();

    expect(created.record).toMatchObject({
      mode: 'paper',
      account: ACCOUNT,
      seq: 1,
      appVersion: '0.1.0-test',
    });
    expect(created.offsite).toEqual({
      kind: 'stored',
      location: expect.stringContaining('s3://dalio-backups/dalio-lite/paper/PA-BACKUP-1/'),
    });
    expect(await archiveEntries(created.record.id)).toEqual([
      'manifest.json',
      'rebalance-history.jsonl',
      'state.json',
      'state.seq.json',
    ]);
    const listings = await service.list();
    expect(
      listings.map((listing) => [
        listing.store,
        listing.backups.map((b) => [b.id, b.complete, b.verifiedAt !== null]),
      ]),
    ).toEqual([
      ['local', [[created.record.id, true, true]]],
      ['s3', [[created.record.id, true, true]]],
    ]);
  });

  it('refuses to back up a state that does not verify, and says how to restore instead', async () => {
    fixture = await createBackupFixture();
    await writeFile(join(fixture.stateDir, 'state.json'), '{"truncated":');
    const error = await fixture
      .service()
      .create()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as BackupError).message).toMatch(
      /cannot be read .* restore the newest good backup with `dalio backup restore latest`/,
    );
  });

  it('backs up again only when the state moved on', async () => {
    fixture = await createBackupFixture();
    const service = fixture.service();
    const first = await service.createIfChanged();
    expect(first.kind).toBe('created');
    expect((await service.createIfChanged()).kind).toBe('unchanged');
    await fixture.store.update((payload) => ({ ...payload, highWaterMarkUsd: 1 }));
    const third = await service.createIfChanged();
    expect(third.kind === 'created' && third.record.seq).toBe(2);
  });

  it('queues the off-site upload while S3 is down and uploads it on the next try', async () => {
    fixture = await createBackupFixture();
    const port = await closedPort();
    const s3Options = {
      bucket: 'dalio-backups',
      prefix: 'dalio-lite/paper/',
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      serverSideEncryption: 'AES256' as const,
      kmsKeyId: null,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    };
    const service = fixture.service({ s3: s3Options });
    const created = await service.create();
    expect(created.offsite).toMatchObject({ kind: 'queued', pending: 1 });
    expect(created.offsite.kind === 'queued' && created.offsite.reason).toMatch(
      /ECONNREFUSED.*retried later/,
    );
    expect((await service.readiness()).pendingOffsite).toEqual([created.record.id]);

    const s3 = await startLocalS3();
    try {
      const retried = await fixture.service({ s3: { ...s3Options, endpoint: s3.endpoint } }).retryOffsite();
      expect(retried).toEqual({ uploaded: [created.record.id], pending: [] });
    } finally {
      await s3.stop();
    }
  });
});

describe('restoring', () => {
  it('puts a quarantined state back from the backup, keeps the damaged files, and lifts the quarantine', async () => {
    fixture = await createBackupFixture({ s3: true });
    const service = fixture.service();
    const before = await fixture.store.load();
    const { record } = await service.create();
    await writeFile(join(fixture.stateDir, 'state.json'), '{"schemaVersion": 3, "seq": 1, "pay');
    await expect(fixture.store.load()).rejects.toThrow(StateCorruptError);
    await expect(fixture.store.load()).rejects.toMatchObject({ kind: 'quarantined' });

    const plan = await service.planRestore({ id: 'latest' });
    expect(plan.backup).toMatchObject({ id: record.id, store: 'local', seq: 1 });
    expect(plan.current.kind).toBe('unreadable');
    expect(plan.steps.join('\n')).toMatch(
      /verified backup .*every sha256[\s\S]*rename the restored files in/,
    );
    await expect(fixture.store.load()).rejects.toMatchObject({ kind: 'quarantined' });

    const restored = await service.restore({ id: 'latest' });
    expect(restored.seq).toBe(1);
    expect((await fixture.store.load())?.payload).toEqual(before?.payload);
    const names = await readdir(fixture.stateDir);
    expect(names).not.toContain(QUARANTINE_RECORD_FILE);
    expect(names.some((name) => name.startsWith('state.json.corrupt-'))).toBe(true);
    expect(restored.asideDir).not.toBeNull();
    expect(await readdir(restored.asideDir ?? '')).toContain('state.seq.json');
  });

  it('rebuilds a deleted state directory from S3 alone', async () => {
    fixture = await createBackupFixture({ s3: true });
    const service = fixture.service();
    const before = await fixture.store.load();
    const history = await readFile(join(fixture.stateDir, 'rebalance-history.jsonl'), 'utf8');
    await service.create();
    const { rm } = await import('node:fs/promises');
    await rm(fixture.stateDir, { recursive: true });
    await rm(fixture.localDir, { recursive: true });

    const restored = await service.restore({ id: 'latest', from: 's3' });
    expect(restored.plan.backup.store).toBe('s3');
    expect(restored.asideDir).toBeNull();
    expect((await fixture.store.load())?.payload).toEqual(before?.payload);
    expect(await readFile(join(fixture.stateDir, 'rebalance-history.jsonl'), 'utf8')).toBe(history);
  });

  it('refuses a backup older than the current state unless forced', async () => {
    fixture = await createBackupFixture();
    const service = fixture.service();
    const { record } = await service.create();
    await fixture.store.save(boundPayload(2));
    await fixture.store.save(boundPayload(3));
    const refused = await service.restore({ id: record.id }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ fault: 'older-than-state' });
    expect((refused as Error).message).toMatch(
      /seq 1, older than the current state's seq 3 .* repeat with --force/,
    );
    expect((await fixture.store.load())?.seq).toBe(3);

    const forced = await service.restore({ id: record.id, force: true });
    expect(forced.seq).toBe(1);
    expect((await fixture.store.load())?.payload.highWaterMarkUsd).toBe(100_001);
  });

  it('refuses a backup of the other mode', async () => {
    fixture = await createBackupFixture();
    const { record } = await fixture.service().create();
    const refused = await fixture
      .service({ mode: 'live' })
      .restore({ id: record.id })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ fault: 'wrong-mode' });
    expect((refused as Error).message).toMatch(
      /it is a paper backup and this is live; paper and live never share state/,
    );
  });

  it('refuses while a rebalance holds the lock', async () => {
    fixture = await createBackupFixture();
    const service = fixture.service();
    await service.create();
    const held = await createRebalanceLock({ stateDir: fixture.stateDir }).acquire({ wait: false });
    if (held.kind !== 'acquired') throw new Error('lock not taken');
    try {
      await expect(service.restore({ id: 'latest' })).rejects.toMatchObject({ fault: 'busy' });
    } finally {
      await held.lock.release();
    }
  });

  it('recovers from S3 when no local backup verifies, and says what it tried when none does', async () => {
    fixture = await createBackupFixture({ s3: true });
    const service = fixture.service();
    const { record } = await service.create();
    const local = createLocalStore(join(fixture.localDir, ACCOUNT.accountId));
    const archive = await local.get(archiveKey(record.id));
    if (!archive) throw new Error('no archive');
    flipByte(archive, 40);
    await local.put(archiveKey(record.id), archive);
    await writeFile(join(fixture.stateDir, 'state.json'), '');

    const recovered = await service.recover();
    expect(recovered.kind === 'restored' && recovered.plan.backup.store).toBe('s3');
    expect(recovered.kind === 'restored' && recovered.plan.skipped[0]).toMatch(
      /sha256 is .*the bytes were changed/,
    );

    await writeFile(join(fixture.stateDir, 'state.json'), '');
    const noS3 = fixture.service({ s3: null });
    const nothing = await noS3.recover();
    expect(nothing.kind).toBe('nothing-verifies');
    expect(nothing.kind === 'nothing-verifies' && nothing.tried.join('\n')).toMatch(record.id);
  });
});

describe('pruning', () => {
  it('lists with --dry-run what would go, then removes it, keeping the last N', async () => {
    fixture = await createBackupFixture();
    const service = fixture.service();
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) {
      await fixture.store.update((payload) => ({ ...payload, highWaterMarkUsd: n }));
      ids.push((await service.create()).record.id);
    }
    const dry = await service.prune({ dryRun: true });
    expect(
      dry[0]?.decisions
        .filter((d) => !d.keep)
        .map((d) => d.id)
        .sort(),
    ).toEqual(ids.slice(0, 2).sort());
    expect((await service.list())[0]?.backups).toHaveLength(5);

    await service.prune({ dryRun: false });
    expect((await service.list())[0]?.backups.map((b) => b.id).sort()).toEqual(ids.slice(2).sort());
  });
});
