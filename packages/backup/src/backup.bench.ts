/**
 * `pnpm bench`: how long a backup takes for a year of state (a daily cycle's history), and how big it is: create
 * (snapshot, pack, store, read back and verify) locally and with an S3 copy on s3rver, a full `--read-data`
 * verify, and a restore. Printed, never asserted. Not a test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createRebalanceHistory,
  createRebalanceLock,
  createStateStore,
  initialStatePayload,
} from '@dalio-lite/state';
import { localS3StoreOptions, startLocalS3 } from '../test/s3-server.ts';
import { createBackupService } from './backup-service.ts';

const root = await mkdtemp(join(tmpdir(), 'dalio-backup-bench-'));
const stateDir = join(root, 'state');
const store = createStateStore({ stateDir });
await store.save({
  ...initialStatePayload(),
  account: { venue: 'alpaca-paper', accountId: 'PA-BENCH', since: '2025-01-02T15:00:00.000Z' },
});
const history = createRebalanceHistory({ stateDir });
for (let day = 0; day < 252; day++) {
  await history.append({
    cycleId: `cycle-${day}`,
    day: '2025-03-03',
    startedAt: '2025-03-03T15:00:00.000Z',
    finishedAt: '2025-03-03T15:00:05.000Z',
    outcome: day % 20 === 0 ? 'committed' : 'hold',
    code: day % 20 === 0 ? 'traded' : 'within-policy',
    decision: {
      kind: day % 20 === 0 ? 'trade' : 'hold',
      reason: 'VTI 6.1 pts over its 40 % target; TLT 4.2 pts under',
    },
    orders: [],
    brokerAnswers: [],
    reconciliationNotes: [],
    durationsMs: { total: 5_000 },
    errors: [],
  });
}
const s3 = await startLocalS3();

async function timeMs<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

const service = (withS3: boolean) =>
  createBackupService({
    stateDir,
    store,
    rebalanceLock: createRebalanceLock({ stateDir }),
    mode: 'paper',
    localDir: join(root, withS3 ? 'backups-s3' : 'backups-local'),
    s3: withS3 ? localS3StoreOptions(s3, 'dalio-lite/paper/') : null,
    retention: { last: 30, daily: 7, weekly: 4, monthly: 12 },
    account: async () => ({ venue: 'alpaca-paper', accountId: 'PA-BENCH' }),
    appVersion: 'bench',
  });

const local = service(false);
const both = service(true);
await local.create();
const localCreate = await timeMs(() => local.create());
const s3Create = await timeMs(() => both.create());
const verify = await timeMs(() => both.verify({ readData: true, all: false }));
const restore = await timeMs(() => both.restore({ id: 'latest', from: 's3' }));
console.log(
  `state: ${252} history records; archive ${localCreate.value.record.archive.bytes} bytes (tar.gz)`,
);
console.log(`create, local only (snapshot, pack, store, read back, verify): ${localCreate.ms.toFixed(0)} ms`);
console.log(`create, local + S3 on s3rver (both verified):                 ${s3Create.ms.toFixed(0)} ms`);
console.log(`verify --read-data, newest of each store:                      ${verify.ms.toFixed(0)} ms`);
console.log(`restore latest --from s3 (verify, stage, load, swap, accept):  ${restore.ms.toFixed(0)} ms`);
await s3.stop();
await rm(root, { recursive: true, force: true });
