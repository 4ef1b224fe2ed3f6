import { join } from 'node:path';
import type { Broker } from '@dalio-lite/broker';
import type { DalioConfig } from '@dalio-lite/config';
import type { Account } from '@dalio-lite/core';
import { attempt, type HealthReport, type Probed } from '@dalio-lite/observability';
import type { HistoryRecord } from '@dalio-lite/state';
import type { BackupEvidence, ChecklistEvidence } from './checklist-evidence.ts';
import type { GateFiles } from './gate-files.ts';
import { lookAtClock, lookAtStateDir } from './host-looks.ts';
import { lookAtInstallTests, TEST_RESULT_PATH } from './install-tests.ts';
import { readPaperEvidence } from './paper-evidence.ts';
import { type RunCommand, runCommand } from './run-command.ts';
import { readSoakReport } from './soak-report.ts';
import { tradingTarget } from './trading-target.ts';

/** Where the checklist's evidence comes from; the app builds these from its runtime. */
export interface EvidenceSources {
  scope: ChecklistEvidence['scope'];
  now: () => Date;
  config: DalioConfig;
  /** The installation's root: its `.dalio/test-result.json` and its git HEAD. */
  installRoot: string;
  /** This process's user id (the state directory must belong to it). */
  uid: number;
  /** The TZ variable, when set. */
  tzEnv: string | null;
  /** The configured alert channels as `dalio alert test` names them. */
  channels: { label: string; kind: string }[];
  /** The gate files of this configuration's state directory (sign-offs, alert tests). */
  files: GateFiles;
  /** This configuration's own (live) history. */
  history: () => Promise<readonly HistoryRecord[]>;
  broker: () => Promise<Broker>;
  /** The account a cycle just read; otherwise asked from the broker when the configuration is live. */
  account?: Account;
  /** `dalio health`, for the `full` scope. */
  health: (() => Promise<HealthReport>) | null;
  backups: () => Promise<BackupEvidence>;
  run?: RunCommand;
}

/** Read everything the checklist judges, each source once; a source that fails fails its items, never the run. */
export async function gatherEvidence(sources: EvidenceSources): Promise<ChecklistEvidence> {
  const { config } = sources;
  const run = sources.run ?? runCommand;
  const target = tradingTarget(config);
  const live = target.venue === 'alpaca-live';
  // The state directory is looked at before anything here opens (and tightens) it.
  const stateDir = await attempt(() => lookAtStateDir(config.paths.stateDir, sources.uid));
  const brokerAccount = async () => {
    const broker = await sources.broker();
    return { venue: broker.venue, account: sources.account ?? (await broker.getAccount()) };
  };
  // This machine's time is taken the moment the broker's clock answers, so slow reads elsewhere add no skew.
  const brokerClock = attempt(async () => {
    const { timestamp } = await (await sources.broker()).getClock();
    return { timestamp, localAt: sources.now() };
  });
  const [tests, account, paper, soak, backups, health, history, alertTests, signOffs] = await Promise.all([
    attempt(() =>
      lookAtInstallTests(
        sources.installRoot,
        config.live.testResult ?? join(sources.installRoot, TEST_RESULT_PATH),
        run,
      ),
    ),
    live ? attempt(brokerAccount) : Promise.resolve(null),
    attempt(() => {
      const dir = config.live.paperStateDir;
      if (dir === null)
        throw new Error('no paper state directory is known (HOME is unset); set live.paperStateDir');
      return readPaperEvidence(dir);
    }),
    attempt(() => readSoakReport(config.live.soakReport)),
    // Before the first cycle there is no state to back up (the items say so): no store is asked.
    stateDir.ok && !stateDir.value.hasState
      ? Promise.resolve<Probed<BackupEvidence>>({ ok: false, reason: 'there is no state to back up yet' })
      : attempt(() => sources.backups()),
    sources.scope === 'full' && sources.health ? attempt(sources.health) : Promise.resolve(null),
    attempt(() => sources.history()),
    attempt(() => sources.files.alertTests.read()),
    attempt(() => sources.files.signOffs.read()),
  ]);
  const now = sources.now();
  const clock = await attempt(async () => {
    const read = await brokerClock;
    return lookAtClock({
      now: read.ok ? read.value.localAt : sources.now(),
      broker: read.ok ? { ok: true, value: read.value.timestamp } : read,
      tzEnv: sources.tzEnv,
      run,
    });
  });
  return {
    scope: sources.scope,
    now,
    config: {
      mode: config.mode,
      source: config.source,
      target,
      risk: config.risk,
      live: config.live,
      dashboard: { host: config.dashboard.host, hasToken: config.dashboard.token !== null },
      offsiteBackup: config.backup.s3 !== null,
      channels: sources.channels,
    },
    tests,
    account,
    paper,
    soak,
    backups,
    health: sources.scope === 'full' ? (health ?? { ok: false, reason: 'no health check was given' }) : null,
    liveCycles: history.ok ? history.value.length : 0,
    alertTests,
    clock,
    stateDir,
    signOffs,
  };
}
