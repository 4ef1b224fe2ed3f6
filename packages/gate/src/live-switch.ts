import type { DalioConfig } from '@dalio-lite/config';
import type { Account, BrokerVenue } from '@dalio-lite/core';
import type { HistoryRecord } from '@dalio-lite/state';
import { type ChecklistReport, describeFailing } from './checklist.ts';
import { GateError } from './errors.ts';
import type { GateFiles, LiveDecision, LiveGateRecord } from './gate-files.ts';
import { checkBrokerPin, checkKeyPin } from './pin.ts';
import { checkTierMove, type TierInfo } from './tiers.ts';
import { trackRecord } from './track-record.ts';
import { tradingTarget } from './trading-target.ts';

/** The number a person types to confirm an account: the broker's account number, else its id. */
export function accountLabel(account: Pick<Account, 'id' | 'accountNumber'>): string {
  return account.accountNumber ?? account.id;
}

/**
 * The first two keys of the live switch, before the broker is asked: `mode: live` in the file, and live keys
 * that agree with the host. Throws `GateError` (`not-live`, `pin-mismatch`).
 */
export function assertLiveConfig(config: DalioConfig): void {
  if (config.mode !== 'live') {
    throw new GateError(
      'not-live',
      `${config.source === null ? 'no config file is used, so the mode is' : `${config.source} sets mode:`} ${config.mode}; live trading needs mode: live in dalio.yaml and the live key pair (AK…) in the secrets file`,
    );
  }
  const pin = checkKeyPin(tradingTarget(config));
  if (!pin.ok) throw new GateError('pin-mismatch', pin.reason);
}

/** What enabling (or moving a tier) rests on: the checklist just run, the account the broker reports, the history. */
export interface LiveEnableInput {
  config: DalioConfig;
  tier: number;
  current: LiveDecision | null;
  checklist: ChecklistReport;
  broker: { venue: BrokerVenue; account: Account };
  /** The live state's history: the current tier's days without errors count from it. */
  history: readonly HistoryRecord[];
}

/** An enable that passed every check but the typed confirmation. */
export interface LiveEnablePlan {
  tier: TierInfo;
  accountId: string;
  /** What the operator must type. */
  accountNumber: string;
}

/**
 * Check everything but the typed confirmation: the config and keys, a GO checklist, the broker pin, and the tier
 * move (tier 1 first; up one tier at a time after the current tier's clean days). Throws `GateError`.
 */
export function planLiveEnable(input: LiveEnableInput): LiveEnablePlan {
  assertLiveConfig(input.config);
  if (input.checklist.verdict !== 'GO') {
    throw new GateError(
      'no-go',
      `the checklist is NO-GO (${input.checklist.passed}/${input.checklist.total}): ${describeFailing(input.checklist)}`,
    );
  }
  const { venue, account } = input.broker;
  const pin = checkBrokerPin(tradingTarget(input.config), { venue, accountId: account.id }, null);
  if (!pin.ok) throw new GateError('pin-mismatch', pin.reason);
  const { current } = input;
  if (current !== null && current.accountId !== account.id) {
    throw new GateError(
      'pin-mismatch',
      `live trading is enabled for account ${current.accountNumber}, but the broker reports ${accountLabel(account)}; run \`dalio live disable\` first to change accounts`,
    );
  }
  const tier = checkTierMove({
    current: current === null ? null : { tier: current.tier, since: current.tierSince },
    requested: input.tier,
    tiers: input.config.live.tiers,
    tierDays: input.config.live.tierDays,
    cleanDaysOnTier:
      current === null ? 0 : trackRecord(input.history, { since: current.tierSince }).cleanDays.length,
  });
  return { tier, accountId: account.id, accountNumber: accountLabel(account) };
}

/** The typed confirmation: exactly the account number (spaces around it ignored). Throws `GateError`. */
export function confirmAccount(plan: LiveEnablePlan, typed: string | null): void {
  if (typed === null || typed.trim() === '') {
    throw new GateError(
      'confirmation',
      `type the account number ${plan.accountNumber} to confirm, or pass --confirm-account ${plan.accountNumber} when no one is at a terminal`,
    );
  }
  if (typed.trim() !== plan.accountNumber) {
    throw new GateError(
      'confirmation',
      `"${typed.trim()}" is not the account number the broker reports (${plan.accountNumber}); nothing was changed`,
    );
  }
}

/** Who decided, why, and when. */
export interface DecisionMeta {
  by: string;
  note: string;
  now: Date;
}

/** Record an enable or tier move that was planned and confirmed; returns the new decision. */
export async function recordLiveEnable(
  files: GateFiles,
  plan: LiveEnablePlan,
  context: { config: DalioConfig; checklist: ChecklistReport; venue: BrokerVenue } & DecisionMeta,
): Promise<LiveDecision> {
  const at = context.now.toISOString();
  const record: LiveGateRecord = (await files.liveGate.read()) ?? { current: null, log: [] };
  const previous = record.current;
  const decision: LiveDecision = {
    tier: plan.tier.tier,
    capitalCapUsd: plan.tier.capitalCapUsd,
    accountId: plan.accountId,
    accountNumber: plan.accountNumber,
    venue: context.venue,
    endpoint: tradingTarget(context.config).endpoint,
    enabledAt: previous?.enabledAt ?? at,
    tierSince: at,
    by: context.by,
    note: context.note,
  };
  await files.liveGate.write({
    current: decision,
    log: [
      ...record.log,
      {
        at,
        action: previous === null ? 'enable' : 'tier',
        tier: decision.tier,
        accountNumber: decision.accountNumber,
        by: context.by,
        note: context.note,
        checklist: { verdict: context.checklist.verdict, checkedAt: context.checklist.checkedAt },
      },
    ],
  });
  return decision;
}

/** Turn live trading off at once: the next order or cycle of any process refuses. Returns the decision that ended. */
export async function recordLiveDisable(files: GateFiles, meta: DecisionMeta): Promise<LiveDecision | null> {
  const record: LiveGateRecord = (await files.liveGate.read()) ?? { current: null, log: [] };
  await files.liveGate.write({
    current: null,
    log: [
      ...record.log,
      {
        at: meta.now.toISOString(),
        action: 'disable',
        tier: record.current?.tier ?? null,
        accountNumber: record.current?.accountNumber ?? null,
        by: meta.by,
        note: meta.note,
        checklist: null,
      },
    ],
  });
  return record.current;
}
