import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupStoreContract } from '../test/backup-store-contract.ts';
import { localS3StoreOptions, startLocalS3 } from '../test/s3-server.ts';
import { createLocalStore } from './local-store.ts';
import { createS3Store } from './s3-store.ts';

backupStoreContract('local directory', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dalio-local-store-'));
  return {
    store: createLocalStore(join(dir, 'paper', 'ACCOUNT-1')),
    teardown: () => rm(dir, { recursive: true, force: true }),
  };
});

let prefixes = 0;
backupStoreContract('S3 (s3rver on 127.0.0.1)', async () => {
  const s3 = await startLocalS3();
  const store = createS3Store(localS3StoreOptions(s3, `dalio-lite/paper/ACCOUNT-${prefixes++}`));
  return { store, teardown: () => s3.stop() };
});
