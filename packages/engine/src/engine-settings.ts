import type { PlanOptions, RebalancePolicy, RiskLimits, Targets } from '@dalio-lite/core';

/** What the cycle needs to know about the portfolio and its own timing. Apps build it from the config. */
export interface EngineSettings {
  targets: Targets;
  policy: RebalancePolicy;
  plan: PlanOptions & { wholeShares: boolean };
  risk: RiskLimits;
  /** No new orders within this many minutes of the close (broker clock). */
  closeBufferMinutes: number;
  /** How long to wait for orders to reach a terminal status before moving on. */
  fillTimeoutMs: number;
  /** How long a lookup miss may mean "not visible yet" rather than "not placed". */
  lookupGraceMs: number;
  /** Pause between polls of open orders. */
  pollIntervalMs: number;
  /** Refuse to trade on a price older than this (broker time). */
  maxPriceAgeMs: number;
  /** First part of every client order id (`dl-20250926-a0-VTI-sell`). */
  clientOrderIdPrefix: string;
}

/** Defaults that suit Alpaca: 15 minutes before the close, 10 minutes for fills, 30 s of lookup grace. */
export const DEFAULT_ENGINE_TIMING = Object.freeze({
  closeBufferMinutes: 15,
  fillTimeoutMs: 10 * 60_000,
  lookupGraceMs: 30_000,
  pollIntervalMs: 2_000,
  maxPriceAgeMs: 24 * 60 * 60_000,
  clientOrderIdPrefix: 'dl',
});
