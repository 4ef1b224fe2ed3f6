import type { Broker } from '@dalio-lite/broker';
import type { DalioConfig } from '@dalio-lite/config';
import type { Account } from '@dalio-lite/core';
import { type EngineSettings, type TradingGate, withCapitalCap } from '@dalio-lite/engine';
import {
  type BackupEvidence,
  type ChecklistEvidence,
  createTradingGate,
  decisionCap,
  type GateFiles,
  gatherEvidence,
  openGateFiles,
} from '@dalio-lite/gate';
import type { HealthReport } from '@dalio-lite/observability';
import type { OnStateEvent, RebalanceHistory } from '@dalio-lite/state';
import type { Logger } from 'pino';
import { alertChannels } from './alert-channels.ts';
import { INSTALL_ROOT } from './install-root.ts';

/** The live gate of one configuration: its files, its evidence, and the gate the engine asks every cycle. */
export interface LiveGate {
  files: GateFiles;
  /** Read the checklist's evidence; `full` with `dalio health` for the checklist and `live enable`. */
  evidence(
    scope: ChecklistEvidence['scope'],
    options?: { account?: Account; health?: () => Promise<HealthReport> },
  ): Promise<ChecklistEvidence>;
  /** The engine's gate: the pin on paper; the pin, the decision and the cycle-scope checklist on live. */
  engineGate(): TradingGate;
  /** The settings a live cycle would trade with now (the tier's cap), so a dry run never disagrees with a run. */
  cycleSettings(settings: EngineSettings): Promise<EngineSettings>;
}

/** What the live gate is built from (the runtime's parts). */
export interface LiveGateParts {
  config: DalioConfig;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  history: RebalanceHistory;
  broker: () => Promise<Broker>;
  backups: () => Promise<BackupEvidence>;
  now: () => Date;
  onStateEvent: OnStateEvent;
}

/** Wire the gate package to this process: the state directory, the installation, the alert channels, the clock. */
export function createLiveGate(parts: LiveGateParts): LiveGate {
  const { config } = parts;
  const files = openGateFiles({
    stateDir: config.paths.stateDir,
    onEvent: parts.onStateEvent,
    now: parts.now,
  });
  const channels = alertChannels(config, parts.logger, parts.env).map(({ label, kind }) => ({ label, kind }));
  const evidence: LiveGate['evidence'] = (scope, options = {}) =>
    gatherEvidence({
      scope,
      now: parts.now,
      config,
      installRoot: INSTALL_ROOT,
      uid: process.getuid?.() ?? -1,
      tzEnv: parts.env.TZ?.trim() || null,
      channels,
      files,
      history: async () => (await parts.history.readAll()).records,
      broker: parts.broker,
      ...(options.account ? { account: options.account } : {}),
      health: options.health ?? null,
      backups: parts.backups,
    });
  return {
    files,
    evidence,
    engineGate: () =>
      createTradingGate({ config, files, evidence: (account) => evidence('cycle', { account }) }),
    async cycleSettings(settings) {
      if (config.mode !== 'live') return settings;
      const decision = (await files.liveGate.read())?.current ?? null;
      return decision === null
        ? settings
        : withCapitalCap(settings, decisionCap(decision, config.live.tiers));
    },
  };
}
