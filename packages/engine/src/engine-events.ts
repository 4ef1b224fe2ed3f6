import type { BrokerAnswer, LockHolder, PersistedPlannedOrder } from '@dalio-lite/state';

/** What the engine reports while it works; the apps turn these into logs and metrics. */
export type EngineEvent =
  | { type: 'cycle-started'; cycleId: string }
  | { type: 'lock-busy'; holder: LockHolder | null }
  | { type: 'lock-compromised'; reason: string }
  | { type: 'reconciled'; day: string; notes: string[] }
  | { type: 'refused'; reason: string }
  | { type: 'breaker-tripped'; breaker: 'dailyLoss' | 'drawdown'; reason: string }
  | { type: 'decision'; day: string; kind: 'refuse' | 'hold' | 'continue-intent' | 'trade'; reason: string }
  | { type: 'intent-written'; day: string; attempt: number; orders: number }
  | { type: 'order-answer'; answer: BrokerAnswer }
  /** The unsent buys fitted to the cash re-read after the sells: what was planned, what goes out, and why. */
  | {
      type: 'buys-fitted';
      day: string;
      availableUsd: number;
      plannedUsd: number;
      planned: Pick<PersistedPlannedOrder, 'symbol' | 'amount'>[];
      fitted: Pick<PersistedPlannedOrder, 'symbol' | 'amount'>[];
    }
  /** A send whose outcome the broker did not make clear (timeout, reset, 5xx, duplicate id): looked up, never resent blindly. */
  | { type: 'order-ambiguous'; clientOrderId: string; reason: string }
  | { type: 'cycle-finished'; cycleId: string; outcome: string; reason: string; durationMs: number }
  | { type: 'warning'; message: string; error?: unknown };

/** Receives engine events. */
export type OnEngineEvent = (event: EngineEvent) => void;
