import type { Broker } from '@dalio-lite/broker';
import type { HeldLock, RebalanceHistory, StateStore } from '@dalio-lite/state';
import type { CycleStep } from './cycle-steps.ts';
import type { OnEngineEvent } from './engine-events.ts';
import type { EngineSettings } from './engine-settings.ts';

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
}

/** Thrown when the cycle must stop before its next side effect (halt, lost lock); the day stays open. */
export class CycleStoppedError extends Error {
  override readonly name = 'CycleStoppedError';
}

/** Stop unless the lock is still ours and nobody halted the system since the cycle began. */
export async function assertMaySubmit(context: CycleContext): Promise<void> {
  try {
    context.lock.assertHeld();
  } catch (error) {
    throw new CycleStoppedError(
      `the rebalance lock was lost (${(error as Error).message}); no further orders`,
      { cause: error },
    );
  }
  const halt = (await context.store.load())?.payload.halt;
  if (halt) throw new CycleStoppedError(`halted since ${halt.since}: ${halt.reason}; no further orders`);
}
