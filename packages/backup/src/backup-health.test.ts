import { describe, expect, it } from 'vitest';
import { judgeBackupHealth } from './backup-health.ts';
import type { BackupReadiness, StoreReadiness } from './backup-service.ts';
import type { BackupInfo } from './list-backups.ts';

const NOW = new Date('2025-03-10T12:00:00.000Z');

function backup(store: 'local' | 's3', seq: number, verified: boolean): BackupInfo {
  return {
    id: `20250310T100000Z-s${String(seq).padStart(6, '0')}-abcdef`,
    store,
    location: store === 'local' ? '/var/backups' : 's3://bucket/p/',
    createdAt: '2025-03-10T10:00:00.000Z',
    seq,
    bytes: 2048,
    complete: true,
    verifiedAt: verified ? '2025-03-10T10:00:01.000Z' : null,
  };
}

function store(
  kind: 'local' | 's3',
  newest: BackupInfo | null,
  extra: Partial<StoreReadiness> = {},
): StoreReadiness {
  return {
    store: kind,
    location: newest?.location ?? kind,
    newest,
    newestVerified: newest?.verifiedAt ? newest : null,
    lastSuccess: newest?.verifiedAt ?? null,
    lastFailure: null,
    error: null,
    ...extra,
  };
}

function readiness(overrides: Partial<BackupReadiness> = {}): BackupReadiness {
  return {
    local: store('local', backup('local', 12, true)),
    offsite: store('s3', backup('s3', 12, true)),
    pendingOffsite: [],
    lastDrill: { at: '2025-03-09T12:00:00.000Z', ok: true, results: [] },
    ...overrides,
  };
}

const input = { now: NOW, state: { seq: 12, writtenAt: '2025-03-10T09:59:00.000Z' }, maxLagHours: 24 };

describe('the backups health check', () => {
  it('is ok with current verified backups in both stores and a recent drill, and names the last verified restore', () => {
    const verdict = judgeBackupHealth(readiness(), input);
    expect(verdict.status).toBe('ok');
    expect(verdict.reason).toContain('last verified restore 2025-03-09T12:00:00.000Z');
    expect(verdict.reason).toContain('newest off-site backup 2025-03-10T10:00:00.000Z (seq 12, verified)');
  });

  it('says when no drill ever proved a restore, and warns when the last one is too old', () => {
    expect(judgeBackupHealth(readiness({ lastDrill: null }), input)).toMatchObject({
      status: 'ok',
      reason: expect.stringContaining('no restore drill yet'),
    });
    const old = readiness({ lastDrill: { at: '2025-01-01T00:00:00.000Z', ok: true, results: [] } });
    expect(judgeBackupHealth(old, input).reason).toContain('over 35 days ago');
  });

  it('is critical when the last drill failed, naming the store and why', () => {
    const failed = readiness({
      lastDrill: {
        at: '2025-03-09T12:00:00.000Z',
        ok: false,
        results: [
          {
            store: 's3',
            location: 's3://b/',
            backupId: 'x',
            seq: 1,
            ok: false,
            details: ['the archive is truncated'],
          },
        ],
      },
    });
    expect(judgeBackupHealth(failed, input)).toMatchObject({
      status: 'critical',
      reason: expect.stringContaining('s3: the archive is truncated'),
    });
  });

  it('warns when uploads are owed, the backups lag the state, or a store has none; is critical when the local store cannot be listed', () => {
    expect(judgeBackupHealth(readiness({ pendingOffsite: ['a', 'b'] }), input).reason).toContain(
      '2 off-site upload(s) wait for a retry',
    );
    const lagging = { ...input, state: { seq: 20, writtenAt: '2025-03-08T00:00:00.000Z' } };
    expect(judgeBackupHealth(readiness(), lagging)).toMatchObject({
      status: 'warn',
      reason: expect.stringContaining('is behind the state (seq 20) for over 24 h'),
    });
    const noOffsite = readiness({ offsite: store('s3', null) });
    expect(judgeBackupHealth(noOffsite, input)).toMatchObject({
      status: 'ok',
      reason: expect.stringContaining('no off-site backup yet (the next cycle takes one)'),
    });
    expect(judgeBackupHealth(noOffsite, lagging)).toMatchObject({
      status: 'warn',
      reason: expect.stringContaining('no off-site backup yet, for over 24 h'),
    });
    const broken = readiness({ local: store('local', null, { error: 'EACCES' }) });
    expect(judgeBackupHealth(broken, input).status).toBe('critical');
  });
});
