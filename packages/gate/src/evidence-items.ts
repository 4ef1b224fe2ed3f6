import type { CheckName } from '@dalio-lite/observability';
import type { BackupFact, ChecklistEvidence } from './checklist-evidence.ts';
import { type AutoItem, fail, type ItemOutcome, isRecent, judge, pass } from './checklist-item.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The soak the rollout plan asks for: 30 accelerated trading days. */
const SOAK_DAYS = 30;
/** Checks that cannot be green before the first live cycle: nothing has run, been recorded or backed up there yet. */
const BEFORE_FIRST_CYCLE: ReadonlySet<CheckName> = new Set([
  'heartbeat',
  'drift',
  'success-rate',
  'ledger',
  'backups',
]);

function backupItem(
  fact: BackupFact | null,
  where: string,
  maxAgeHours: number,
  now: Date,
  fix: string,
): ItemOutcome {
  if (fact === null) return fail(`no verified ${where} backup`, fix);
  if (fact.verifiedAt === null) return fail(`the newest ${where} backup ${fact.id} was never verified`, fix);
  if (!isRecent(fact.createdAt, now, maxAgeHours * HOUR_MS)) {
    return fail(
      `the newest verified ${where} backup ${fact.id} is from ${fact.createdAt}, older than ${maxAgeHours} h (live.maxBackupAgeHours)`,
      fix,
    );
  }
  return pass(`${fact.id} from ${fact.createdAt}, verified ${fact.verifiedAt}`);
}

/**
 * Before the live state exists there is nothing of it to back up: the backup items wait for it (the first live
 * cycle writes it, and every later cycle re-checks them), and say so.
 */
function beforeLiveState(e: ChecklistEvidence): ItemOutcome | null {
  const noState = e.stateDir.ok && !e.stateDir.value.hasState;
  if (!noState && e.liveCycles > 0) return null;
  return pass(
    'no cycle has run on this state yet, so there is nothing to back up: from the cycle after the first this item must hold (a backup is taken after each cycle; run `dalio backup drill` after the first)',
  );
}

/** What the install has proven: paper days, the soak, backups and a restore drill, health, alert delivery. */
export const EVIDENCE_ITEMS: readonly AutoItem[] = [
  {
    id: 'paper-days',
    title:
      'Enough real paper trading days on Alpaca paper (not the simulator or a soak), with zero critical incidents and zero duplicate or unknown orders',
    everyCycle: true,
    check: (e) => {
      const required = e.config.live.requiredPaperDays;
      const fix = `paper-trade on Alpaca paper (mode: paper, paper keys) with the daemon or timer for ${required} trading days; live.paperStateDir names its state directory`;
      return judge(e.paper, fix, (paper) => {
        if (!paper.exists) return fail(`no paper state at ${paper.dir}`, fix);
        if (paper.binding === null) return fail(`the paper state at ${paper.dir} has not traded yet`, fix);
        if (paper.binding.venue !== 'alpaca-paper') {
          return fail(
            `the paper state at ${paper.dir} trades on ${paper.binding.venue}, not Alpaca paper: days on the simulator or in a soak do not count`,
            fix,
          );
        }
        const { realDays, cleanDays, incidents } = paper.record;
        const last = incidents.at(-1);
        const incidentText =
          incidents.length === 0
            ? 'no incidents'
            : `${incidents.length} incident(s), the last on ${last?.day} (${last?.kind}: ${last?.detail})`;
        if (cleanDays.length < required) {
          return fail(
            `${cleanDays.length} of ${required} real paper trading days since the last incident (${realDays.length} in all; ${incidentText})`,
            incidents.length > 0
              ? `find the cause of the last incident in \`dalio status\` and the history, fix it, and keep paper trading: the count restarts after it`
              : fix,
          );
        }
        return pass(
          `${cleanDays.length} real paper trading days on account ${paper.binding.accountId} since the last incident (${incidentText})`,
        );
      });
    },
  },
  {
    id: 'soak',
    title: `A passing soak report (\`dalio soak --days ${SOAK_DAYS}\`)`,
    everyCycle: true,
    check: (e) => {
      const fix = `run \`dalio soak --days ${SOAK_DAYS} --json > ${e.config.live.soakReport}\` (live.soakReport)`;
      return judge(e.soak, fix, (report) => {
        if (report === null) return fail(`no soak report at ${e.config.live.soakReport}`, fix);
        const problems = [
          report.verdict !== 'PASS' ? `verdict ${report.verdict}` : null,
          report.days < SOAK_DAYS ? `${report.days} days (${SOAK_DAYS} needed)` : null,
          report.duplicateOrders > 0 ? `${report.duplicateOrders} duplicate orders` : null,
          report.unknownOrders > 0 ? `${report.unknownOrders} unknown orders` : null,
        ].filter(Boolean);
        if (problems.length > 0) return fail(`the soak report does not pass: ${problems.join(', ')}`, fix);
        return pass(`PASS over ${report.days} days, 0 duplicate and 0 unknown orders`);
      });
    },
  },
  {
    id: 'backup-local',
    title: 'A recent verified local backup',
    everyCycle: true,
    check: (e) => {
      const fix = 'run `dalio backup create` then `dalio backup verify --read-data`';
      return (
        beforeLiveState(e) ??
        judge(e.backups, fix, (b) =>
          backupItem(b.local, 'local', e.config.live.maxBackupAgeHours, e.now, fix),
        )
      );
    },
  },
  {
    id: 'backup-offsite',
    title: 'A recent verified off-site (S3) backup',
    everyCycle: true,
    check: (e) => {
      const fix =
        'configure backup.s3 in dalio.yaml, run `dalio backup create` then `dalio backup verify --read-data`';
      if (!e.config.offsiteBackup) return fail('no off-site store is configured (backup.s3)', fix);
      return (
        beforeLiveState(e) ??
        judge(e.backups, fix, (b) =>
          b.offsite === 'not-configured'
            ? fail('no off-site store is configured (backup.s3)', fix)
            : backupItem(b.offsite, 'off-site', e.config.live.maxBackupAgeHours, e.now, fix),
        )
      );
    },
  },
  {
    id: 'restore-drill',
    title: 'A passing restore drill (`dalio backup drill`)',
    everyCycle: true,
    check: (e) => {
      const fix = 'run `dalio backup drill`';
      const maxDays = e.config.live.maxDrillAgeDays;
      return (
        beforeLiveState(e) ??
        judge(e.backups, fix, ({ drill }) => {
          if (drill === null) return fail('no restore drill has run', fix);
          if (!drill.ok) return fail(`the last restore drill (${drill.at}) failed: ${drill.detail}`, fix);
          if (!isRecent(drill.at, e.now, maxDays * DAY_MS)) {
            return fail(
              `the last passing restore drill is from ${drill.at}, older than ${maxDays} days`,
              fix,
            );
          }
          return pass(`passed ${drill.at}: ${drill.detail}`);
        })
      );
    },
  },
  {
    id: 'health',
    title: 'Health is green (`dalio health`)',
    everyCycle: false,
    check: (e) => {
      const fix = 'run `dalio health` and follow the fix under each check that is not ok';
      if (e.health === null) return fail('not run', fix);
      return judge(e.health, fix, (report) => {
        const expected = (name: CheckName) => e.liveCycles === 0 && BEFORE_FIRST_CYCLE.has(name);
        const bad = report.checks.filter(
          (check) => check.status === 'critical' || (check.status === 'warn' && !expected(check.name)),
        );
        if (bad.length > 0) {
          return fail(bad.map((check) => `${check.name} ${check.status}: ${check.reason}`).join('; '), fix);
        }
        const waiting = report.checks.filter((check) => check.status !== 'ok').map((check) => check.name);
        return pass(
          waiting.length === 0
            ? `every check ok (${report.checkedAt})`
            : `ok; ${waiting.join(', ')} wait for the first live cycle (${report.checkedAt})`,
        );
      });
    },
  },
  {
    id: 'alert-channels',
    title: 'Every alert channel delivered a test message (`dalio alert test`), and one reaches a person',
    everyCycle: true,
    check: (e) => {
      const fix =
        'configure notifications.channels (a webhook or e-mail reaches a person), run `dalio alert test` and fix any channel that failed';
      const { channels } = e.config;
      if (!channels.some((channel) => channel.kind === 'webhook' || channel.kind === 'email')) {
        return fail('no webhook or e-mail channel is configured: alerts reach no person', fix);
      }
      return judge(e.alertTests, fix, (record) => {
        const deliveries = (record?.tests ?? []).flatMap((test) => test.deliveries);
        const missing = channels.filter(
          (channel) => !deliveries.findLast((delivery) => delivery.channel === channel.label)?.ok,
        );
        if (missing.length > 0) {
          return fail(
            `no successful test delivery to ${missing.map((channel) => channel.label).join(', ')}`,
            fix,
          );
        }
        return pass(`${channels.map((channel) => channel.label).join(', ')} delivered the last test message`);
      });
    },
  },
];
