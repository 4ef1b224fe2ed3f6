import type { FaultKind } from '@dalio-lite/broker';

/** The five scenarios of the rollout plan's paper phase (seeds/002, phase 3), as `dalio soak` injects them. */
export type SoakScenarioKind =
  | 'concurrent-runs'
  | 'broker-unreachable'
  | 'state-corruption'
  | 'process-crash'
  | 'rate-limit';

/** One scenario on trading day `day` (0 = the first) of the soak. */
export interface SoakEvent {
  kind: SoakScenarioKind;
  day: number;
  /** For `process-crash`: the step the daemon is killed at (`DALIO_CRASH_AT`). */
  crashAt?: string;
}

/** A fault profile: background faults on every request, the simulator's own roughness, and the scenarios. */
export interface SoakProfile {
  name: SoakProfileName;
  /** Chance that any request meets one of `backgroundFaults`. */
  backgroundRate: number;
  backgroundFaults: readonly FaultKind[];
  partialFillProbability: number;
  asyncRejectProbability: number;
  /** How often each scenario happens over the run. */
  repeats: number;
}

/** The profiles `--faults` accepts. */
export const SOAK_PROFILES = ['none', 'default', 'harsh'] as const;
export type SoakProfileName = (typeof SOAK_PROFILES)[number];

const TRANSIENT: readonly FaultKind[] = ['5xx', '429', 'reset', 'timeout', 'malformed'];

/** The profile behind a name: `none` is a quiet paper run, `default` the rollout plan, `harsh` far past it. */
export function soakProfile(name: SoakProfileName): SoakProfile {
  switch (name) {
    case 'none':
      return {
        name,
        backgroundRate: 0,
        backgroundFaults: [],
        partialFillProbability: 0,
        asyncRejectProbability: 0,
        repeats: 0,
      };
    case 'default':
      return {
        name,
        backgroundRate: 0.002,
        backgroundFaults: TRANSIENT,
        partialFillProbability: 0,
        asyncRejectProbability: 0,
        repeats: 1,
      };
    case 'harsh':
      return {
        name,
        backgroundRate: 0.03,
        backgroundFaults: [...TRANSIENT, 'answer-lost'],
        partialFillProbability: 0.1,
        asyncRejectProbability: 0.03,
        repeats: 2,
      };
  }
}

// In this order over the run: in a short run the first rebalance belongs to the daemon (the crash kills it there),
// and the state exists before it is damaged.
const ORDER: readonly SoakScenarioKind[] = [
  'process-crash',
  'broker-unreachable',
  'rate-limit',
  'state-corruption',
  'concurrent-runs',
];

/**
 * Spread the scenarios over `days` trading days. The first crash kills the daemon in the middle of the first
 * rebalance (its first buy has gone out); later ones as a cycle has just reconciled, which every cycle does.
 */
export function soakSchedule(profile: SoakProfile, days: number): SoakEvent[] {
  const events: SoakEvent[] = [];
  const total = ORDER.length * profile.repeats;
  for (let index = 0; index < total; index++) {
    const kind = ORDER[index % ORDER.length] as SoakScenarioKind;
    const day = Math.min(days - 1, Math.floor((index * days) / Math.max(1, total)));
    const event: SoakEvent = { kind, day };
    if (kind === 'process-crash') event.crashAt = index === 0 ? 'after-submit-buy:1' : 'after-reconcile:1';
    events.push(event);
  }
  return events;
}
