import type { CycleFaults, Scenario, ScenarioEvent, ScenarioSetup } from '../src/scenario.ts';

/** A margin account far from the dalio-lite targets (VTI heavy), Alpaca's consistency, no random faults. */
export const DRIFTED_SETUP: ScenarioSetup = {
  seed: 7,
  priceSeed: 1,
  cashUsd: 100_000,
  accountType: 'margin',
  holdings: { VTI: 0.6, TLT: 0.2, GLD: 0.1, DBC: 0.09, IEI: 0, AGG: 0 },
  preset: 'dalio-lite',
  absoluteBand: 0.05,
  minDaysBetween: 30,
  wholeShares: false,
  nonFractionable: [],
  consistency: 'alpaca',
  partialFillProbability: 0,
  partialFillDelayMs: 60_000,
  asyncRejectProbability: 0,
  slippageBps: 0,
  pollIntervalMs: 2_000,
  lookupGraceMs: 5_000,
  fillTimeoutMs: 60_000,
  closeBufferMinutes: 15,
  lockNoticeMs: null,
};

/** Monday 2025-03-03: the drifted account's daemon runs at 10:00, after `events`. */
export function mondayScenario(
  events: readonly ScenarioEvent[],
  setup: Partial<ScenarioSetup> = {},
  days = 1,
): Scenario {
  return {
    setup: { ...DRIFTED_SETUP, ...setup },
    start: '2025-03-03',
    days,
    dailyAt: '10:00',
    events: [...events],
  };
}

/** Arm faults (only those given) for the next cycle at `at` on day `day`. */
export function armAt(day: number, at: string, faults: Partial<CycleFaults>): ScenarioEvent {
  return {
    day,
    at,
    action: {
      kind: 'faults',
      crash: null,
      pause: null,
      brokerFaults: [],
      faultRate: 0,
      fsFaults: [],
      rejections: 0,
      ...faults,
    },
  };
}
