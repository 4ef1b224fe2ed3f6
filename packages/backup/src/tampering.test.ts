import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, type BackupFixture, createBackupFixture } from '../test/backup-fixture.ts';
import { localS3StoreOptions } from '../test/s3-server.ts';
import { editJson, flipByte, repackBackup } from '../test/tamper.ts';
import { archiveKey, sidecarKey } from './backup-id.ts';
import type { BackupStore } from './backup-store.ts';
import { BackupError } from './errors.ts';
import { createLocalStore } from './local-store.ts';
import { createS3Store } from './s3-store.ts';

type Kind = 'local' | 's3';

/** The fixture's store of one kind, scoped to an account, for damaging objects behind the service's back. */
function storeOf(fixture: BackupFixture, kind: Kind, accountId = ACCOUNT.accountId): BackupStore {
  if (kind === 'local') return createLocalStore(`${fixture.localDir}/${accountId}`);
  const s3 = fixture.s3;
  if (!s3) throw new Error('no s3 in this fixture');
  return createS3Store(localS3StoreOptions(s3, `dalio-lite/paper/${accountId}/`));
}

interface Case {
  name: string;
  fault: BackupError['fault'];
  message: RegExp;
  /** Caught already by the cheap check (listing and sizes). */
  byListing: boolean;
  damage(fixture: BackupFixture, kind: Kind, id: string): Promise<void>;
}

const CASES: Case[] = [
  {
    name: 'a flipped byte in the archive',
    fault: 'checksum-mismatch',
    message: /sha256 is .* its record says .*the bytes were changed/,
    byListing: false,
    async damage(fixture, kind, id) {
      const store = storeOf(fixture, kind);
      const bytes = await store.get(archiveKey(id));
      if (!bytes) throw new Error('no archive');
      flipByte(bytes, Math.floor(bytes.length / 2));
      await store.put(archiveKey(id), bytes);
    },
  },
  {
    name: 'a file missing from the archive',
    fault: 'file-missing',
    message: /rebalance-history\.jsonl is listed in the manifest but missing from the archive/,
    byListing: false,
    damage: (fixture, kind, id) =>
      repackBackup(storeOf(fixture, kind), id, (entries) => entries.delete('rebalance-history.jsonl')),
  },
  {
    name: 'the archive object missing',
    fault: 'archive-missing',
    message: /the archive .*\.tar\.gz is missing/,
    byListing: true,
    damage: (fixture, kind, id) => storeOf(fixture, kind).delete(archiveKey(id)),
  },
  {
    name: 'a wrong manifest (a file checksum that does not match)',
    fault: 'file-mismatch',
    message: /state\.json does not match its size or sha256 in the manifest/,
    byListing: false,
    damage: (fixture, kind, id) =>
      repackBackup(storeOf(fixture, kind), id, (entries) =>
        editJson(entries, 'manifest.json', (manifest) => {
          const files = manifest.files as { name: string; sha256: string }[];
          for (const file of files) if (file.name === 'state.json') file.sha256 = '0'.repeat(64);
        }),
      ),
  },
  {
    name: 'a manifest that names another backup',
    fault: 'bad-manifest',
    message: /the manifest's seq \(7\) differs from the record's/,
    byListing: false,
    damage: (fixture, kind, id) =>
      repackBackup(storeOf(fixture, kind), id, (entries) =>
        editJson(entries, 'manifest.json', (manifest) => {
          manifest.seq = 7;
        }),
      ),
  },
  {
    name: 'a truncated upload',
    fault: 'truncated',
    message: /the archive is \d+ bytes, its record says \d+ \(a truncated upload\)/,
    byListing: true,
    async damage(fixture, kind, id) {
      const store = storeOf(fixture, kind);
      const bytes = await store.get(archiveKey(id));
      if (!bytes) throw new Error('no archive');
      await store.put(archiveKey(id), bytes.subarray(0, bytes.length - 100));
    },
  },
  {
    name: 'a backup of another account',
    fault: 'wrong-account',
    message: /belongs to alpaca-paper account PA-SOMEONE-ELSE, not alpaca-paper account PA-BACKUP-1/,
    byListing: true,
    async damage(fixture, kind, id) {
      // Someone else's backup, copied into this account's place under the same id.
      const other = { venue: 'alpaca-paper' as const, accountId: 'PA-SOMEONE-ELSE' };
      await fixture.store.update((payload) => ({
        ...payload,
        account: { ...other, since: payload.account?.since ?? '' },
      }));
      const theirs = await fixture.service({ account: async () => other }).create();
      const from = storeOf(fixture, kind, other.accountId);
      const to = storeOf(fixture, kind);
      for (const key of [archiveKey, sidecarKey]) {
        const bytes = await from.get(key(theirs.record.id));
        if (!bytes) throw new Error('their backup is missing');
        await to.put(key(id), bytes);
      }
      // Their record names their id: make it name this one, as a careless copy would look.
      const record = JSON.parse((await to.get(sidecarKey(id)))?.toString('utf8') ?? '{}') as { id: string };
      record.id = id;
      await to.put(sidecarKey(id), Buffer.from(JSON.stringify(record)));
      await fixture.store.update((payload) => ({
        ...payload,
        account: { ...ACCOUNT, since: payload.account?.since ?? '' },
      }));
    },
  },
];

describe.each<Kind>(['local', 's3'])('a damaged backup in the %s store', (kind) => {
  let fixture: BackupFixture;
  beforeEach(async () => {
    fixture = await createBackupFixture({ s3: kind === 's3' });
  });
  afterEach(() => fixture.cleanup());

  it.each(CASES)(
    '$name: verify names the fault and restore refuses, the state untouched',
    async (testCase) => {
      const service = fixture.service();
      const { record } = await service.create();
      await fixture.store.update((payload) => ({ ...payload, highWaterMarkUsd: 123_456 }));
      await testCase.damage(fixture, kind, record.id);
      const before = await fixture.store.load();

      const deep = await service.verify({ id: record.id, readData: true, from: kind });
      expect(deep).toEqual([expect.objectContaining({ id: record.id, ok: false, fault: testCase.fault })]);
      expect(deep[0]?.detail).toMatch(testCase.message);
      expect(deep[0]?.detail).toMatch(/; .*(use another backup|pick a backup of this account)/);

      const cheap = await service.verify({ id: record.id, readData: false, from: kind });
      expect(cheap[0]?.ok).toBe(!testCase.byListing);

      const refused = await service
        .restore({ id: record.id, from: kind, force: true })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(BackupError);
      expect((refused as BackupError).fault).toBe(testCase.fault);
      expect(await fixture.store.load()).toEqual(before);
    },
  );
});
