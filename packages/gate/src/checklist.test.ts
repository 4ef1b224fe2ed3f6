import { parseConfig } from '@dalio-lite/config';
import type { HealthReport } from '@dalio-lite/observability';
import { describe, expect, test } from 'vitest';
import { evaluateChecklist } from './checklist.ts';
import type { ChecklistEvidence } from './checklist-evidence.ts';
import { MANUAL_ITEMS } from './manual-items.ts';
import { tradingTarget } from './trading-target.ts';

const NOW = new Date('2025-03-03T15:00:00.000Z');
const COMMIT = 'a'.repeat(40);
const config = parseConfig(
  'mode: live\nrisk: { maxOrderUsd: 2000, maxTurnoverPct: 50 }\n',
  '/home/ada/dalio.yaml',
  { HOME: '/home/ada', APCA_API_KEY_ID: 'AKLIVE', APCA_API_SECRET_KEY: 'secret' },
);
const fresh = { id: 'b1', createdAt: '2025-03-03T09:00:00.000Z', verifiedAt: '2025-03-03T09:00:01.000Z' };
const days = Array.from({ length: 30 }, (_, index) => `2025-01-${String(index + 1).padStart(2, '0')}`);
const health = (checks: HealthReport['checks']): HealthReport => ({
  status: 'ok',
  checkedAt: NOW.toISOString(),
  checks,
});

/** Evidence on which every item passes. */
function goEvidence(): ChecklistEvidence {
  return {
    scope: 'full',
    now: NOW,
    config: {
      mode: 'live',
      source: '/home/ada/dalio.yaml',
      target: tradingTarget(config),
      risk: config.risk,
      live: config.live,
      dashboard: { host: '127.0.0.1', hasToken: false },
      offsiteBackup: true,
      channels: [{ label: 'webhook hooks.example.com', kind: 'webhook' }],
    },
    tests: {
      ok: true,
      value: {
        path: '/opt/dalio/.dalio/test-result.json',
        installCommit: COMMIT,
        commitProblem: null,
        result: {
          ok: true,
          passed: 900,
          failed: 0,
          skipped: 0,
          commit: COMMIT,
          dirty: false,
          finishedAt: NOW.toISOString(),
        },
      },
    },
    account: {
      ok: true,
      value: {
        venue: 'alpaca-live',
        account: {
          id: 'acc-1',
          accountNumber: '123456789',
          status: 'ACTIVE',
          currency: 'USD',
          cashUsd: 1000,
          equityUsd: 1000,
          lastEquityUsd: 1000,
          buyingPowerUsd: 1000,
          tradingBlocked: false,
          accountBlocked: false,
          tradeSuspendedByUser: false,
        },
      },
    },
    paper: {
      ok: true,
      value: {
        dir: '/home/ada/.local/share/dalio-lite/paper',
        exists: true,
        binding: { venue: 'alpaca-paper', accountId: 'PA1', since: '2025-01-01T15:00:00.000Z' },
        record: { realDays: days, cleanDays: days, incidents: [] },
      },
    },
    soak: { ok: true, value: { days: 30, verdict: 'PASS', duplicateOrders: 0, unknownOrders: 0 } },
    backups: {
      ok: true,
      value: {
        local: fresh,
        offsite: fresh,
        drill: { at: '2025-03-01T12:00:00.000Z', ok: true, detail: 'local ok' },
      },
    },
    health: { ok: true, value: health([{ name: 'broker', status: 'ok', reason: 'answers', fix: null }]) },
    liveCycles: 3,
    alertTests: {
      ok: true,
      value: {
        tests: [
          {
            at: NOW.toISOString(),
            deliveries: [{ channel: 'webhook hooks.example.com', kind: 'webhook', ok: true, error: null }],
          },
        ],
      },
    },
    clock: {
      ok: true,
      value: {
        localAt: NOW.toISOString(),
        broker: { ok: true, value: '2025-03-03T10:00:00.300-05:00' },
        ntp: 'synchronized',
        ntpDetail: 'timedatectl NTPSynchronized=yes',
        timeZone: 'UTC',
        tzEnv: null,
        zoneProblem: null,
      },
    },
    stateDir: {
      ok: true,
      value: { dir: '/home/ada/.local/share/dalio-lite/live', exists: true, hasState: true, problems: [] },
    },
    signOffs: {
      ok: true,
      value: {
        items: Object.fromEntries(
          MANUAL_ITEMS.map((item) => [item.id, { by: 'Ada', at: NOW.toISOString(), note: '' }]),
        ),
      },
    },
  };
}

/** The value of a source that was read (every source of the GO fixture was). */
function read<T>(probed: { ok: true; value: T } | { ok: false; reason: string } | null): T {
  if (probed === null || !probed.ok) throw new Error('the GO fixture reads every source');
  return probed.value;
}

/** Each way to break one item, and the item that must then fail. */
const BREAKS: [string, (e: ChecklistEvidence) => void][] = [
  [
    'tests',
    (e) => {
      read(e.tests).installCommit = 'b'.repeat(40);
    },
  ],
  [
    'config',
    (e) => {
      e.config.mode = 'paper';
    },
  ],
  [
    'live-keys',
    (e) => {
      e.config.target = { ...e.config.target, keyKind: 'paper' };
    },
  ],
  [
    'live-account',
    (e) => {
      read(e.account).account.tradingBlocked = true;
    },
  ],
  [
    'risk-limits',
    (e) => {
      e.config.risk = { ...e.config.risk, maxOrderUsd: null };
    },
  ],
  [
    'clock',
    (e) => {
      read(e.clock).broker = { ok: true, value: '2025-03-03T14:59:50.000Z' };
    },
  ],
  ['state-dir', (e) => read(e.stateDir).problems.push('mode 0755')],
  [
    'dashboard',
    (e) => {
      e.config.dashboard = { host: '0.0.0.0', hasToken: false };
    },
  ],
  [
    'paper-days',
    (e) => {
      read(e.paper).binding = { venue: 'simulator', accountId: 'default', since: NOW.toISOString() };
    },
  ],
  [
    'soak',
    (e) => {
      e.soak = { ok: true, value: null };
    },
  ],
  [
    'backup-local',
    (e) => {
      read(e.backups).local = { ...fresh, createdAt: '2025-02-01T00:00:00.000Z' };
    },
  ],
  [
    'backup-offsite',
    (e) => {
      read(e.backups).offsite = null;
    },
  ],
  [
    'restore-drill',
    (e) => {
      read(e.backups).drill = null;
    },
  ],
  [
    'health',
    (e) => {
      e.health = { ok: true, value: health([{ name: 'lock', status: 'warn', reason: 'held', fix: 'x' }]) };
    },
  ],
  [
    'alert-channels',
    (e) => {
      e.alertTests = { ok: true, value: null };
    },
  ],
  [
    'operator-trained',
    (e) => {
      delete read(e.signOffs)?.items['operator-trained'];
    },
  ],
];

describe('evaluateChecklist', () => {
  test('GO when every item passes, with a line of evidence for each', () => {
    const report = evaluateChecklist(goEvidence());
    expect(report.failing).toEqual([]);
    expect(report.verdict).toBe('GO');
    expect(report.total).toBe(15 + MANUAL_ITEMS.length);
    expect(report.items.find((item) => item.id === 'clock')?.detail).toMatch(
      /^-300 ms from the broker's clock/,
    );
  });

  test.each(BREAKS)('breaking %s alone makes it NO-GO, naming that item and its fix', (id, breakIt) => {
    const evidence = goEvidence();
    breakIt(evidence);
    const report = evaluateChecklist(evidence);
    expect(report.verdict).toBe('NO-GO');
    expect(report.failing.map((item) => item.id)).toEqual([id]);
    expect(report.failing[0]?.fix).toMatch(/\S/);
  });

  test('a source that could not be read fails its items, never passes them', () => {
    const evidence = goEvidence();
    evidence.backups = { ok: false, reason: 'the bucket answered 403' };
    const failing = evaluateChecklist(evidence).failing;
    expect(failing.map((item) => item.id)).toEqual(['backup-local', 'backup-offsite', 'restore-drill']);
    expect(failing[0]?.detail).toBe('could not be checked: the bucket answered 403');
  });

  test('before the first live cycle, the backup items wait for it; the off-site store must be configured already', () => {
    const evidence = goEvidence();
    evidence.liveCycles = 0;
    evidence.backups = { ok: true, value: { local: null, offsite: null, drill: null } };
    const report = evaluateChecklist(evidence);
    expect(report.verdict).toBe('GO');
    expect(report.items.find((item) => item.id === 'restore-drill')?.detail).toMatch(
      /^no cycle has run on this state yet, so there is nothing to back up/,
    );
    evidence.backups = { ok: false, reason: 'no backups yet' };
    expect(evaluateChecklist(evidence).verdict).toBe('GO');
    evidence.config.offsiteBackup = false;
    expect(evaluateChecklist(evidence).failing.map((item) => item.id)).toEqual(['backup-offsite']);
  });

  test('before the first live cycle, health warnings that only a cycle can clear are expected', () => {
    const evidence = goEvidence();
    evidence.liveCycles = 0;
    evidence.health = {
      ok: true,
      value: health([
        { name: 'heartbeat', status: 'warn', reason: 'no cycle has run yet', fix: 'start it' },
        { name: 'drift', status: 'warn', reason: 'all cash', fix: 'rebalance' },
      ]),
    };
    expect(evaluateChecklist(evidence).verdict).toBe('GO');
    evidence.liveCycles = 1;
    expect(evaluateChecklist(evidence).failing.map((item) => item.id)).toEqual(['health']);
  });

  test('the re-check of every live cycle leaves health out, so a drift warning never blocks the rebalance that fixes it', () => {
    const evidence = goEvidence();
    evidence.scope = 'cycle';
    evidence.health = null;
    const report = evaluateChecklist(evidence);
    expect(report.verdict).toBe('GO');
    expect(report.items.map((item) => item.id)).not.toContain('health');
  });
});
