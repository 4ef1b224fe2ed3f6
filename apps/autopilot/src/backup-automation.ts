import {
  type BackupEvent,
  type BackupService,
  judgeBackupHealth,
  type OnBackupEvent,
} from '@dalio-lite/backup';
import type { DalioConfig } from '@dalio-lite/config';
import type { CycleReport, StateRecovery } from '@dalio-lite/engine';
import {
  type Alert,
  backupFailedAlert,
  backupResolvedAlert,
  type CheckResult,
  stateRestoredAlert,
} from '@dalio-lite/observability';
import type { StateStore } from '@dalio-lite/state';
import type { Logger } from 'pino';
import type { Monitoring } from './monitoring.ts';

/** The backups a running Dalio Lite takes and uses on its own: after cycles, on a schedule, to recover. */
export interface BackupAutomation {
  /** After a cycle: back up if the state changed, retry owed uploads, prune. Alerts on failure; never throws. */
  afterCycle(report: CycleReport): Promise<void>;
  /** The daemon's schedule: the same as after a cycle, whatever the last cycle did. Never throws. */
  scheduled(): Promise<void>;
  /** The engine's recovery of an unreadable state: the newest backup that verifies, local then S3, with an alert. */
  recoverState: StateRecovery;
  /** The `backups` health check: recent verified backups here and off-site, and the last verified restore. */
  health(): Promise<Omit<CheckResult, 'name'>>;
}

/** What the automation is built from. */
export interface BackupAutomationOptions {
  config: DalioConfig;
  service: BackupService;
  store: Pick<StateStore, 'load'>;
  monitoring: Pick<Monitoring, 'notify' | 'flush'>;
  logger: Logger;
}

/** Cycle codes after which a backup is not attempted: nothing changed, or the state is not worth keeping. */
const NO_BACKUP_CODES: ReadonlySet<string> = new Set(['lock-busy', 'state-unreadable']);

/** Build the automation. */
export function createBackupAutomation(options: BackupAutomationOptions): BackupAutomation {
  const { config, service, monitoring, logger } = options;
  const { mode } = config;

  const backUp = async (): Promise<void> => {
    const alerts: Alert[] = [];
    const at = () => new Date().toISOString();
    try {
      const outcome = await service.createIfChanged();
      if (outcome.kind === 'created' && outcome.offsite.kind === 'queued') {
        const { reason, pending } = outcome.offsite;
        alerts.push(
          backupFailedAlert({ store: 's3', message: reason, pendingUploads: pending, at: at(), mode }),
        );
      } else if (outcome.kind === 'created') {
        alerts.push(backupResolvedAlert({ id: outcome.record.id, at: at(), mode }));
      }
      await service.prune({ dryRun: false });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ event: 'backup.failed', err: error }, `the backup failed: ${message}`);
      alerts.push(backupFailedAlert({ store: 'local', message, pendingUploads: 0, at: at(), mode }));
    }
    await monitoring.notify(alerts);
    await monitoring.flush();
  };

  return {
    async afterCycle(report) {
      if (!config.backup.auto || NO_BACKUP_CODES.has(report.code)) return;
      await backUp();
    },
    async scheduled() {
      if (config.backup.auto) await backUp();
    },
    async recoverState(problem) {
      logger.warn(
        { event: 'state.recovering', kind: problem.kind, path: problem.path },
        `the state is unreadable (${problem.message}); restoring the newest backup that verifies`,
      );
      try {
        const outcome = await service.recover();
        if (outcome.kind === 'restored') {
          const { id, location, createdAt } = outcome.plan.backup;
          const note = `the state was unreadable (${problem.kind}) and was restored from backup ${id} (${location}, seq ${outcome.seq}, taken ${createdAt})`;
          logger.warn({ event: 'state.restored', backupId: id, location, seq: outcome.seq }, note);
          await monitoring.notify([
            stateRestoredAlert({
              backupId: id,
              location,
              seq: outcome.seq,
              problem: problem.message,
              notes: outcome.plan.skipped.map((line) => `skipped: ${line}`),
              at: new Date().toISOString(),
              mode,
            }),
          ]);
          return { kind: 'restored', notes: [note] };
        }
        return { kind: 'refused', reason: refusal(problem.message, outcome.tried) };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { kind: 'refused', reason: refusal(problem.message, [message]) };
      }
    },
    async health() {
      const [readiness, state] = await Promise.all([
        service.readiness(),
        options.store.load().catch(() => null),
      ]);
      return judgeBackupHealth(readiness, {
        now: new Date(),
        state: state ? { seq: state.seq, writtenAt: state.writtenAt } : null,
        maxLagHours: Math.max(24, 2 * config.backup.everyHours),
      });
    },
  };
}

/** Why a cycle refuses when no backup could be restored, and exactly what to do. */
function refusal(problem: string, tried: readonly string[]): string {
  const why = tried.length === 0 ? 'there is no backup' : tried.join('; ');
  return `State is unreadable (${problem}) and no backup could be restored (${why}); refusing to trade. Look at \`dalio backup list\` and \`dalio backup verify --all --read-data\`, restore one that verifies with \`dalio backup restore <ID> --force\` (or put a good state.json back yourself and run \`dalio state accept-restored\`), or start over with \`dalio state reset --yes\` (it stays halted until \`dalio resume\`)`;
}

/** Log the backup service's events and keep the backup metrics (last success, failures, drill, owed uploads). */
export function backupEventHandler(monitoring: Pick<Monitoring, 'recorder'>, logger: Logger): OnBackupEvent {
  const { recorder } = monitoring;
  const setPending = (pending: number) =>
    recorder.setGauges('backup-pending', new Date(), {
      backupPendingUploads: [{ labels: {}, value: pending }],
    });
  return (event: BackupEvent) => {
    switch (event.type) {
      case 'backup-stored':
        logger.info(
          {
            event: 'backup.stored',
            store: event.store,
            backupId: event.id,
            seq: event.seq,
            bytes: event.bytes,
          },
          `backup ${event.id} stored and verified (${event.store})`,
        );
        recorder.setGauges(`backup-${event.store}`, new Date(event.at), {
          backupLastSuccess: [{ labels: { store: event.store }, value: Date.parse(event.at) / 1000 }],
        });
        setPending(event.pendingOffsite);
        return;
      case 'backup-failed':
        logger.warn(
          { event: 'backup.store_failed', store: event.store, backupId: event.id, err: event.error },
          `a backup could not be stored or verified (${event.store})`,
        );
        recorder.increment('backupFailures', { store: event.store });
        return;
      case 'offsite-queued':
        logger.warn(
          { event: 'backup.offsite_queued', backupId: event.id, pending: event.pending },
          `the off-site upload of ${event.id} is queued for a retry (${event.pending} pending)`,
        );
        setPending(event.pending);
        return;
      case 'backup-removed':
        logger.info(
          { event: 'backup.removed', store: event.store, backupId: event.id },
          `backup ${event.id} pruned`,
        );
        return;
      case 'restored':
        logger.warn(
          {
            event: 'backup.restored',
            store: event.store,
            backupId: event.id,
            seq: event.seq,
            asideDir: event.asideDir,
          },
          `the state was restored from backup ${event.id}`,
        );
        return;
      case 'drill-finished':
        logger.info(
          { event: 'backup.drill', ok: event.record.ok },
          `restore drill ${event.record.ok ? 'passed' : 'FAILED'}`,
        );
        if (event.record.ok) {
          recorder.setGauges('backup-drill', new Date(event.record.at), {
            backupLastVerifiedRestore: [{ labels: {}, value: Date.parse(event.record.at) / 1000 }],
          });
        }
        return;
      case 'status-unreadable':
        logger.warn(
          { event: 'backup.status_unreadable', path: event.path, err: event.error },
          'the backup status file was unreadable; starting it afresh',
        );
    }
  };
}
