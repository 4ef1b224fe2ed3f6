import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createRebalanceHistory,
  createRebalanceLock,
  createStateStore,
  initialStatePayload,
  type StatePayload,
  type StateStore,
} from '@dalio-lite/state';
import { type BackupServiceOptions, createBackupService } from '../src/index.ts';
import type { BackupAccount } from '../src/manifest.ts';
import { type LocalS3, localS3StoreOptions, startLocalS3 } from './s3-server.ts';

/** The account every fixture state is bound to. */
export const ACCOUNT: BackupAccount = { venue: 'alpaca-paper', accountId: 'PA-BACKUP-1' };

/** A bound state with one committed day; `n` varies its high-water mark so each save differs. */
export function boundPayload(n = 1): StatePayload {
  return {
    ...initialStatePayload(),
    account: { ...ACCOUNT, since: '2025-03-03T15:00:00.000Z' },
    lastRebalance: { day: '2025-03-03', at: '2025-03-03T15:01:00.000Z' },
    highWaterMarkUsd: 100_000 + n,
  };
}

/** A state directory with a bound state, a local backup directory, optionally a bucket on s3rver. */
export interface BackupFixture {
  root: string;
  stateDir: string;
  localDir: string;
  store: StateStore;
  s3: LocalS3 | null;
  /** A service over this fixture; `overrides` change any option (another account, another mode). */
  service(overrides?: Partial<BackupServiceOptions>): ReturnType<typeof createBackupService>;
  cleanup(): Promise<void>;
}

/** Build a fixture; with `s3`, a real S3 API server on 127.0.0.1 holds the off-site copies. */
export async function createBackupFixture(options: { s3?: boolean } = {}): Promise<BackupFixture> {
  const root = await mkdtemp(join(tmpdir(), 'dalio-backup-'));
  const stateDir = join(root, 'state');
  const localDir = join(root, 'backups');
  const store = createStateStore({ stateDir });
  await store.save(boundPayload());
  await createRebalanceHistory({ stateDir }).append({
    cycleId: 'cycle-1',
    day: '2025-03-03',
    startedAt: '2025-03-03T15:00:00.000Z',
    finishedAt: '2025-03-03T15:01:00.000Z',
    outcome: 'committed',
    code: 'traded',
    decision: { kind: 'trade', reason: 'VTI 6 pts over target' },
    orders: [],
    brokerAnswers: [],
    reconciliationNotes: [],
    durationsMs: {},
    errors: [],
  });
  const s3 = options.s3 ? await startLocalS3() : null;
  return {
    root,
    stateDir,
    localDir,
    store,
    s3,
    service: (overrides = {}) =>
      createBackupService({
        stateDir,
        store,
        rebalanceLock: createRebalanceLock({ stateDir }),
        mode: 'paper',
        localDir,
        s3: s3 ? localS3StoreOptions(s3, 'dalio-lite/paper/') : null,
        retention: { last: 3, daily: 0, weekly: 0, monthly: 0 },
        account: async () => ACCOUNT,
        appVersion: '0.1.0-test',
        ...overrides,
      }),
    async cleanup() {
      await s3?.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
