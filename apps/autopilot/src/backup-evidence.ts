import {
  type BackupReadiness,
  type BackupService,
  createBackupService,
  type OnBackupEvent,
  type StoreReadiness,
} from '@dalio-lite/backup';
import type { Broker } from '@dalio-lite/broker';
import type { DalioConfig } from '@dalio-lite/config';
import type { BackupEvidence, BackupFact } from '@dalio-lite/gate';
import { createRebalanceLock, StateCorruptError, type StateStore } from '@dalio-lite/state';
import { DALIO_VERSION } from './monitoring.ts';

/** What the backup service of this configuration is built from (the runtime's parts). */
export interface BackupParts {
  config: DalioConfig;
  store: StateStore;
  broker: () => Promise<Broker>;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** The rebalance lock's stale time of every process on this state directory (DALIO_LOCK_STALE_MS in tests). */
  lockStaleMs?: number;
  /** Where the service's events go (logs and backup metrics). */
  onEvent?: OnBackupEvent;
}

/**
 * The backup service of a configuration: the local directory and the optional bucket of `backup:`, the account
 * the state is bound to (else the broker's), AWS credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY when
 * set (else the AWS SDK's own chain).
 */
export function configBackupService(parts: BackupParts): BackupService {
  const { config, env } = parts;
  const { local, retention, s3 } = config.backup;
  const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
  const credentials = accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;
  return createBackupService({
    stateDir: config.paths.stateDir,
    store: parts.store,
    rebalanceLock: createRebalanceLock({
      stateDir: config.paths.stateDir,
      ...(parts.lockStaleMs ? { staleMs: parts.lockStaleMs } : {}),
    }),
    mode: config.mode,
    localDir: local.dir,
    s3: s3 === null ? null : { ...s3, ...(credentials ? { credentials } : {}) },
    retention: { last: local.keep, ...retention },
    async account() {
      // An unreadable state is exactly when a restore is needed: the broker then says whose backups to use.
      const state = await parts.store.load().catch((error: unknown) => {
        if (error instanceof StateCorruptError) return null;
        throw error;
      });
      const bound = state?.payload.account ?? null;
      if (bound !== null) return { venue: bound.venue, accountId: bound.accountId };
      const broker = await parts.broker();
      return { venue: broker.venue, accountId: (await broker.getAccount()).id };
    },
    appVersion: DALIO_VERSION,
    now: parts.now,
    ...(parts.onEvent ? { onEvent: parts.onEvent } : {}),
  });
}

function newestVerified(store: StoreReadiness): BackupFact | null {
  const backup = store.newestVerified;
  return backup === null
    ? null
    : { id: backup.id, createdAt: backup.createdAt, verifiedAt: backup.verifiedAt };
}

/** The checklist's view of the backup readiness: the newest verified backup of each store, the last drill. */
export function backupEvidenceOf(readiness: BackupReadiness): BackupEvidence {
  const { lastDrill } = readiness;
  return {
    local: newestVerified(readiness.local),
    offsite: readiness.offsite === null ? 'not-configured' : newestVerified(readiness.offsite),
    drill:
      lastDrill === null
        ? null
        : {
            at: lastDrill.at,
            ok: lastDrill.ok,
            detail: lastDrill.results
              .map(
                (result) =>
                  `${result.store} ${result.backupId ?? '-'}: ${result.ok ? 'ok' : 'FAILED'} (${result.details.at(-1) ?? ''})`,
              )
              .join('; '),
          },
  };
}
