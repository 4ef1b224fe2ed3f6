import type { Broker } from '@dalio-lite/broker';
import type { HeldLock, RebalanceHistory, StateStore } from '@dalio-lite/state';
import type { DailyAssetCache } from './asset-cache.ts';
import { checkHalt, checkMarketClock } from './cycle-guards.ts';
import type { CycleStep } from './cycle-steps.ts';
import type { DayBookFence } from './day-book.ts';
import type { DeliberateBug } from './deliberate-bugs.ts';
import type { OnEngineEvent } from './engine-events.ts';
import type { EngineSettings } from './engine-settings.ts';
import type { TradingGate } from './trading-gate.ts';

/** What every step of a cycle can reach. */
export interface CycleContext {
  broker: Broker;
  store: StateStore;
  /** The audit trail of every cycle, read when checking the broker's orders against what we know. */
  history: RebalanceHistory;
  settings: EngineSettings;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Called at each named step (a crash-point hook for tests and soak runs). */
  crash: (step: CycleStep) => void | Promise<void>;
  emit: OnEngineEvent;
  lock: HeldLock;
  /** Aborted when the process is asked to stop: no further orders, waits end early. */
  signal: AbortSignal | undefined;
  /** Asset facts kept for the trading day across the cycles of one engine. */
  assets: DailyAssetCache;
  /** The app's gate (the key/host/account pin, the live gate and tier), asked every cycle and before every order. */
  gate: TradingGate | null;
  /** Null in every product; the mutation check's deliberately broken variant otherwise. */
  deliberateBug: DeliberateBug | null;
}

/** Why a cycle stopped before its next order; the day's record stays open for the next run. */
export interface CycleStop {
  code: 'halted' | 'market-closed' | 'stopped' | 'pin-mismatch' | 'live-gate';
  /** What the report says, with the details. */
  reason: string;
  /** What the day's record says: stable wording, so a retried cycle records it once. */
  recordReason: string;
}

/** The fence every day-book write of this cycle goes through: the clock, and the lock still ours. */
export function dayBookFence(context: CycleContext): DayBookFence {
  return { now: context.now, assertLocked: () => context.lock.assertHeld() };
}

/**
 * Checked right before every order: the process is not shutting down, the lock is still ours, nobody halted
 * the system since the cycle began, and the broker clock is not inside the close buffer.
 */
export async function checkMaySubmit(context: CycleContext, day: string): Promise<CycleStop | null> {
  if (context.signal?.aborted) {
    return {
      code: 'stopped',
      reason: 'asked to stop: no further orders; the next run finishes this rebalance',
      recordReason: `not finished on ${day}: the process was stopped; the next run finishes it`,
    };
  }
  if (context.lock.compromised || context.lock.released) {
    return {
      code: 'stopped',
      reason: `the rebalance lock was lost (${context.lock.compromisedReason ?? 'released'}); no further orders`,
      recordReason: `not finished on ${day}: the rebalance lock was lost; the next run finishes it`,
    };
  }
  const payload = (await context.store.load())?.payload;
  const halt = payload ? checkHalt(payload) : { refuse: false as const };
  if (halt.refuse) {
    return {
      code: 'halted',
      reason: `${halt.reason}; no further orders`,
      recordReason: `not finished on ${day}: trading was halted`,
    };
  }
  const gate = (await context.gate?.beforeOrder()) ?? null;
  if (gate?.kind === 'refuse') {
    return {
      code: gate.code,
      reason: `${gate.reason}; no further orders`,
      recordReason: `not finished on ${day}: the trading gate closed (${gate.code})`,
    };
  }
  const market = checkMarketClock(await context.broker.getClock(), context.settings.closeBufferMinutes);
  if (market.refuse) {
    return {
      code: 'market-closed',
      reason: `${market.reason}; the remaining orders were not sent`,
      recordReason: `not finished on ${day}: the market closed or is about to; the next run reconciles it`,
    };
  }
  return null;
}
