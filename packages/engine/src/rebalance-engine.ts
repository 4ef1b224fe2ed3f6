import { randomUUID } from 'node:crypto';
import type { Broker } from '@dalio-lite/broker';
import {
  type CrashPoints,
  type CycleOutcome,
  type DurableJsonFile,
  type Heartbeat,
  noCrashPoints,
  type RebalanceHistory,
  type RebalanceLock,
  StateCorruptError,
  type StateStore,
} from '@dalio-lite/state';
import { CycleStoppedError } from './cycle-context.ts';
import type { CycleReport } from './cycle-report.ts';
import type { OnEngineEvent } from './engine-events.ts';
import type { EngineSettings } from './engine-settings.ts';
import { SnapshotRefusal } from './market-snapshot.ts';
import { type CycleOptions, runLockedCycle } from './rebalance-cycle.ts';

/** Everything the engine works with; apps build these from the config, tests from the simulator. */
export interface RebalanceEngineOptions {
  broker: Broker;
  store: StateStore;
  lock: RebalanceLock;
  history: RebalanceHistory;
  heartbeat: DurableJsonFile<Heartbeat>;
  settings: EngineSettings;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  crashPoints?: CrashPoints;
  onEvent?: OnEngineEvent;
  newCycleId?: () => string;
}

/** The rebalance cycle of DESIGN.md §3: the only code path that places orders. */
export interface RebalanceEngine {
  /** Run one cycle. `waitForLock` waits out a busy lock (autopilot); without it a busy lock answers `busy`. */
  runCycle(options?: CycleOptions & { waitForLock?: boolean }): Promise<CycleReport>;
}

/** Create the engine. */
export function createRebalanceEngine(options: RebalanceEngineOptions): RebalanceEngine {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const crash = options.crashPoints ?? noCrashPoints;
  const emit = options.onEvent ?? (() => {});
  const newCycleId = options.newCycleId ?? randomUUID;

  return {
    async runCycle(cycle = {}) {
      const startedAt = now();
      const report: CycleReport = {
        cycleId: newCycleId(),
        outcome: 'failed',
        code: 'error',
        day: null,
        reason: '',
        decision: null,
        orders: [],
        answers: [],
        notes: [],
        errors: [],
        durationsMs: {},
      };
      emit({ type: 'cycle-started', cycleId: report.cycleId });
      const attempt = await options.lock.acquire({ wait: cycle.waitForLock ?? false });
      if (attempt.kind === 'busy') {
        emit({ type: 'lock-busy' });
        return {
          ...report,
          outcome: 'busy',
          code: 'lock-busy',
          reason: 'A rebalance is in progress in another process; nothing done',
        };
      }
      const lock = attempt.lock;
      try {
        await crash('after-lock');
        await runLockedCycle(
          {
            broker: options.broker,
            store: options.store,
            history: options.history,
            settings: options.settings,
            now,
            sleep,
            crash,
            emit,
            lock,
          },
          cycle,
          report,
        );
      } catch (error) {
        classifyFailure(error, report);
      } finally {
        report.durationsMs.total = now().getTime() - startedAt.getTime();
        if (lock.compromised) emit({ type: 'lock-compromised', reason: lock.compromisedReason ?? 'unknown' });
        await recordCycle(options, report, startedAt, now, emit);
        await lock
          .release()
          .catch((error: unknown) => emit({ type: 'warning', message: 'releasing the lock failed', error }));
      }
      emit({
        type: 'cycle-finished',
        cycleId: report.cycleId,
        outcome: report.outcome,
        reason: report.reason,
        durationMs: report.durationsMs.total ?? 0,
      });
      return report;
    },
  };
}

function classifyFailure(error: unknown, report: CycleReport): void {
  const message = error instanceof Error ? error.message : String(error);
  report.errors.push(`${error instanceof Error ? error.name : 'Error'}: ${message}`);
  if (error instanceof StateCorruptError) {
    report.outcome = 'refused';
    report.code = 'state-unreadable';
    report.reason = `State is unreadable (${message}); refusing to trade until it is restored from a backup`;
  } else if (error instanceof SnapshotRefusal || error instanceof CycleStoppedError) {
    report.outcome = 'refused';
    report.code = error instanceof SnapshotRefusal ? 'snapshot-refused' : 'stopped';
    report.reason = message;
  } else {
    report.outcome = 'failed';
    report.code = 'error';
    report.reason = `The cycle failed: ${message}`;
  }
}

async function recordCycle(
  options: RebalanceEngineOptions,
  report: CycleReport,
  startedAt: Date,
  now: () => Date,
  emit: OnEngineEvent,
): Promise<void> {
  const finishedAt = now().toISOString();
  const outcome: CycleOutcome = report.outcome;
  try {
    await options.history.append({
      cycleId: report.cycleId,
      day: report.day,
      startedAt: startedAt.toISOString(),
      finishedAt,
      outcome,
      decision: report.decision
        ? { kind: report.decision.kind, reason: report.decision.reason }
        : { kind: 'none', reason: report.reason },
      orders: report.orders,
      brokerAnswers: report.answers,
      reconciliationNotes: report.notes,
      durationsMs: report.durationsMs,
      errors: report.errors,
    });
    await options.heartbeat.write({ at: finishedAt, outcome, day: report.day, detail: report.reason });
  } catch (error) {
    // The cycle's own outcome stands; a failed audit write is surfaced, never swallowed.
    report.errors.push(`recording the cycle failed: ${(error as Error).message}`);
    emit({ type: 'warning', message: 'recording the cycle in the history failed', error });
  }
}
