import type { Account, BrokerVenue } from '@dalio-lite/core';
import type { EngineSettings } from './engine-settings.ts';

/** Why a gate refuses: the key/host/account pin does not hold, or live trading is no longer allowed. */
export type GateRefusalCode = 'pin-mismatch' | 'live-gate';

/** A gate's answer: refuse with a reason a person can act on, or allow with this cycle's capital cap. */
export type GateVerdict =
  | { kind: 'refuse'; code: GateRefusalCode; reason: string }
  | {
      kind: 'allow';
      /** The most the cycle may have invested in managed holdings (the live capital tier); null = no cap. */
      capitalCapUsd: number | null;
    };

/** What a cycle read before it asks the gate: the broker's venue and the account it reports. */
export interface GateFacts {
  venue: BrokerVenue;
  account: Account;
}

/**
 * The app's trading gate, injected so the engine stays broker- and config-agnostic: asked at the start of every
 * cycle (before anything is reconciled or sent) and again, cheaply, before every order.
 */
export interface TradingGate {
  beforeCycle(facts: GateFacts): Promise<GateVerdict>;
  /** The quick re-check before each order (e.g. `dalio live disable` in between): a refusal stops the cycle. */
  beforeOrder(): Promise<GateVerdict>;
}

/** Settings with the gate's capital cap applied to both the plan and the risk rules (the lower cap wins). */
export function withCapitalCap(settings: EngineSettings, capitalCapUsd: number | null): EngineSettings {
  if (capitalCapUsd === null) return settings;
  const lower = (current: number | null | undefined) =>
    current == null ? capitalCapUsd : Math.min(current, capitalCapUsd);
  return {
    ...settings,
    plan: { ...settings.plan, capitalCapUsd: lower(settings.plan.capitalCapUsd) },
    risk: { ...settings.risk, capitalCapUsd: lower(settings.risk.capitalCapUsd) },
  };
}
