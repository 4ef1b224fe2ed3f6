import type { BackupReadiness, StoreReadiness } from './backup-service.ts';

/** A health verdict on the backups: the `backups` check of `dalio health` and `/api/health`. */
export interface BackupHealthVerdict {
  status: 'ok' | 'warn' | 'critical';
  reason: string;
  fix: string | null;
}

/** What the verdict compares the backups with. */
export interface BackupHealthInput {
  now: Date;
  /** The current state (null when there is none yet). */
  state: { seq: number; writtenAt: string } | null;
  /** How long the newest backup may lag behind a changed state (the schedule, with slack). */
  maxLagHours: number;
  /** How old the last verified restore may get (default 35 days: a monthly drill, with slack). */
  drillMaxAgeDays?: number;
}

const RANK = { ok: 0, warn: 1, critical: 2 } as const;

/**
 * Judge the backups: a local backup of the current state (or recent enough), the off-site copy current with no
 * uploads owed, and a passing restore drill ("last verified restore") that is not too old.
 */
export function judgeBackupHealth(readiness: BackupReadiness, input: BackupHealthInput): BackupHealthVerdict {
  const findings: BackupHealthVerdict[] = [];
  const add = (status: BackupHealthVerdict['status'], reason: string, fix: string | null = null) =>
    findings.push({ status, reason, fix });
  const hoursSince = (iso: string) => (input.now.getTime() - Date.parse(iso)) / 3_600_000;

  judgeStore(readiness.local, input, add, hoursSince, 'local');
  if (readiness.offsite) {
    judgeStore(readiness.offsite, input, add, hoursSince, 'off-site');
    if (readiness.pendingOffsite.length > 0) {
      add(
        'warn',
        `${readiness.pendingOffsite.length} off-site upload(s) wait for a retry`,
        'check the network and AWS credentials; the next backup retries, or run `dalio backup create`',
      );
    }
  }
  const drill = readiness.lastDrill;
  const maxDrillDays = input.drillMaxAgeDays ?? 35;
  if (drill === null) {
    // A fresh install has none; the live checklist insists on one, and a failed or stale one is loud below.
    add(
      'ok',
      'no restore drill yet (`dalio backup drill` proves a restore; the live checklist requires one)',
    );
  } else if (!drill.ok) {
    const failed = drill.results.filter((result) => !result.ok);
    add(
      'critical',
      `the last restore drill failed at ${drill.at}: ${failed.map((r) => `${r.store}: ${r.details.at(-1) ?? 'failed'}`).join('; ')}`,
      'run `dalio backup verify --all --read-data`, fix what it names, then `dalio backup drill`',
    );
  } else if (hoursSince(drill.at) > maxDrillDays * 24) {
    add(
      'warn',
      `the last verified restore was ${drill.at}, over ${maxDrillDays} days ago`,
      'run `dalio backup drill`',
    );
  } else {
    add('ok', `last verified restore ${drill.at}`);
  }
  const worst = findings.reduce<BackupHealthVerdict['status']>(
    (w, f) => (RANK[f.status] > RANK[w] ? f.status : w),
    'ok',
  );
  const ordered = [...findings].sort((a, b) => RANK[b.status] - RANK[a.status]);
  return {
    status: worst,
    reason: ordered.map((finding) => finding.reason).join('; '),
    fix: ordered.find((finding) => finding.status === worst)?.fix ?? null,
  };
}

function judgeStore(
  store: StoreReadiness,
  input: BackupHealthInput,
  add: (status: BackupHealthVerdict['status'], reason: string, fix?: string | null) => void,
  hoursSince: (iso: string) => number,
  name: string,
): void {
  if (store.error) {
    add(
      name === 'local' ? 'critical' : 'warn',
      `the ${name} backups cannot be listed: ${store.error}`,
      `fix what it names; \`dalio backup list\` confirms`,
    );
    return;
  }
  const failedLast =
    store.lastFailure !== null && (store.lastSuccess === null || store.lastFailure.at > store.lastSuccess);
  if (failedLast && store.lastFailure) {
    add(
      'warn',
      `the last ${name} backup failed at ${store.lastFailure.at}: ${store.lastFailure.message}`,
      'run `dalio backup create` and read what it says',
    );
  }
  const newest = store.newest;
  // A state changed since the newest backup is fine for a while (the next cycle or the schedule backs it up).
  const lagging =
    input.state !== null &&
    (newest === null || newest.seq < input.state.seq) &&
    hoursSince(input.state.writtenAt) > input.maxLagHours;
  if (newest === null) {
    if (lagging)
      add(
        'warn',
        `no ${name} backup yet, for over ${input.maxLagHours} h of state`,
        'run `dalio backup create`',
      );
    else if (input.state !== null) add('ok', `no ${name} backup yet (the next cycle takes one)`);
    return;
  }
  if (lagging) {
    add(
      'warn',
      `the newest ${name} backup (seq ${newest.seq}, ${newest.createdAt}) is behind the state (seq ${input.state?.seq}) for over ${input.maxLagHours} h`,
      'run `dalio backup create`; the log says why the automatic backups failed',
    );
  } else {
    const verified = store.newestVerified?.id === newest.id ? ', verified' : '';
    add('ok', `newest ${name} backup ${newest.createdAt} (seq ${newest.seq}${verified})`);
  }
}
