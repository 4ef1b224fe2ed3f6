import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BackupStore } from '../src/backup-store.ts';

/** One contract every backup store passes: byte-exact round trips, sizes, listing, overwrite and delete. */
export function backupStoreContract(
  name: string,
  setup: () => Promise<{ store: BackupStore; teardown(): Promise<void> }>,
): void {
  const withStore = async (run: (store: BackupStore) => Promise<void>) => {
    const { store, teardown } = await setup();
    try {
      await run(store);
    } finally {
      await teardown();
    }
  };

  describe(`backup store contract: ${name}`, () => {
    it('returns exactly the bytes it was given, every byte value and a megabyte of them', () =>
      withStore(async (store) => {
        const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
        const large = randomBytes(1024 * 1024);
        await store.put('a.tar.gz', everyByte);
        await store.put('b.tar.gz', large);
        expect(await store.get('a.tar.gz')).toEqual(everyByte);
        expect((await store.get('b.tar.gz'))?.equals(large)).toBe(true);
        expect(await store.head('b.tar.gz')).toEqual({ bytes: large.length });
      }));

    it('lists what it holds with the sizes, and nothing once deleted', () =>
      withStore(async (store) => {
        expect(await store.list()).toEqual([]);
        await store.put('one.json', Buffer.from('{"n":1}'));
        await store.put('two.json', Buffer.from('{"n":22}'));
        const listed = (await store.list()).sort((a, b) => a.key.localeCompare(b.key));
        expect(listed).toEqual([
          { key: 'one.json', bytes: 7 },
          { key: 'two.json', bytes: 8 },
        ]);
        await store.delete('one.json');
        expect((await store.list()).map((object) => object.key)).toEqual(['two.json']);
        expect(await store.get('one.json')).toBeNull();
      }));

    it('answers null for a missing object and deletes a missing one without complaint', () =>
      withStore(async (store) => {
        expect(await store.get('missing.tar.gz')).toBeNull();
        expect(await store.head('missing.tar.gz')).toBeNull();
        await expect(store.delete('missing.tar.gz')).resolves.toBeUndefined();
      }));

    it('replaces an object as a whole', () =>
      withStore(async (store) => {
        await store.put('x.json', Buffer.from('a much longer first version'));
        await store.put('x.json', Buffer.from('short'));
        expect((await store.get('x.json'))?.toString()).toBe('short');
        expect(await store.head('x.json')).toEqual({ bytes: 5 });
      }));

    it('refuses a key that is a path, so nothing lands outside its place', () =>
      withStore(async (store) => {
        await expect(store.put('../escape.json', Buffer.from('x'))).rejects.toThrow(/plain object name/);
        await expect(store.get('dir/x.json')).rejects.toThrow(/plain object name/);
      }));

    it('says where it is', () =>
      withStore(async (store) => {
        expect(store.location.length).toBeGreaterThan(0);
      }));
  });
}
