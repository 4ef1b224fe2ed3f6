import type { DalioConfig } from '@dalio-lite/config';
import type { Account } from '@dalio-lite/core';
import type { GateVerdict, TradingGate } from '@dalio-lite/engine';
import { describeFailing, evaluateChecklist } from './checklist.ts';
import type { ChecklistEvidence } from './checklist-evidence.ts';
import type { GateFiles, LiveDecision, LiveGateRecord } from './gate-files.ts';
import { checkBrokerPin } from './pin.ts';
import { tierInfo } from './tiers.ts';
import { tradingTarget } from './trading-target.ts';

/** What the engine's gate needs: the config, the gate files, and the cycle-scope evidence for an account. */
export interface TradingGateOptions {
  config: DalioConfig;
  files: GateFiles;
  /** The checklist's evidence in the `cycle` scope, with the account the cycle just read. */
  evidence(account: Account): Promise<ChecklistEvidence>;
}

const refuse = (code: 'pin-mismatch' | 'live-gate', reason: string): GateVerdict => ({
  kind: 'refuse',
  code,
  reason,
});

/** Why live trading is off, from the decision log: never enabled, or disabled when, by whom and why. */
export function describeLiveOff(record: LiveGateRecord | null): string {
  const last = record?.log.at(-1);
  if (last?.action === 'disable') {
    return `live trading was disabled at ${last.at} by ${last.by}${last.note ? ` (${last.note})` : ''}; run \`dalio live enable --tier 1\` to trade live again, or set mode: paper`;
  }
  return 'live trading is not enabled: run `dalio checklist`, then `dalio live enable --tier 1` (a typed account number), or set mode: paper';
}

/**
 * The capital cap a decision allows now: its tier's cap in today's config, never more than the cap it was
 * confirmed with (raising live.tiers in the file does not raise a confirmed tier).
 */
export function decisionCap(decision: LiveDecision, tiers: readonly number[]): number | null {
  const current = tierInfo(tiers, decision.tier).capitalCapUsd;
  if (current === null) return decision.capitalCapUsd;
  return decision.capitalCapUsd === null ? current : Math.min(current, decision.capitalCapUsd);
}

/** Allow at the decision's cap, or refuse when its tier is gone from live.tiers. */
function allowTier(decision: LiveDecision, tiers: readonly number[]): GateVerdict {
  try {
    return { kind: 'allow', capitalCapUsd: decisionCap(decision, tiers) };
  } catch (error) {
    return refuse(
      'live-gate',
      `live trading was enabled at tier ${decision.tier}, which live.tiers no longer has (${error instanceof Error ? error.message : String(error)}); run \`dalio live enable\` with a tier that exists`,
    );
  }
}

/**
 * The engine's gate for a configuration. Paper: the pin only (no live keys on a paper host, the broker's venue
 * is the configured one). Live: the pin, the recorded decision and its account, and the checklist re-judged in
 * the `cycle` scope before every cycle; the decision alone before every order, so `dalio live disable` stops a
 * cycle between two orders.
 */
export function createTradingGate(options: TradingGateOptions): TradingGate {
  const { config, files } = options;
  const target = tradingTarget(config);
  const live = target.venue === 'alpaca-live';
  const currentDecision = async () => {
    const record = await files.liveGate.read();
    return { record, decision: record?.current ?? null };
  };
  return {
    async beforeCycle({ venue, account }) {
      const pin = checkBrokerPin(target, { venue, accountId: account.id }, null);
      if (!pin.ok) return refuse('pin-mismatch', pin.reason);
      if (!live) return { kind: 'allow', capitalCapUsd: null };
      const { record, decision } = await currentDecision();
      if (decision === null) return refuse('live-gate', describeLiveOff(record));
      const accountPin = checkBrokerPin(target, { venue, accountId: account.id }, decision.accountId);
      if (!accountPin.ok) return refuse('pin-mismatch', accountPin.reason);
      const report = evaluateChecklist(await options.evidence(account));
      if (report.verdict !== 'GO') {
        return refuse('live-gate', `the live gate no longer holds: ${describeFailing(report)}`);
      }
      return allowTier(decision, config.live.tiers);
    },
    async beforeOrder() {
      if (!live) return { kind: 'allow', capitalCapUsd: null };
      const { record, decision } = await currentDecision();
      if (decision === null) return refuse('live-gate', describeLiveOff(record));
      return allowTier(decision, config.live.tiers);
    },
  };
}
