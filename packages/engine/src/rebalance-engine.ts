import { randomUUID } from 'node:crypto';
import type { Broker } from '@dalio-lite/broker';
import {
  type CrashPoints,
  type CycleOutcome,
  type DurableJsonFile,
  type Heartbeat,
  LockError,
  noCrashPoints,
  type RebalanceHistory,
  type RebalanceLock,
  StateCorruptError,
  type StateStore,
} from '@dalio-lite/state';
import { adoptUnknownOrders } from './adopt-orders.ts';
import { createDailyAssetCache } from './asset-cache.ts';
import type { CycleContext } from './cycle-context.ts';
import type { CycleReport, CycleResult } from './cycle-report.ts';
import { StaleRecordError } from './day-book.ts';
import type { DeliberateBug } from './deliberate-bugs.ts';
import type { OnEngineEvent } from './engine-events.ts';
import type { EngineSettings } from './engine-settings.ts';
import { type CycleOptions, runLockedCycle } from './rebalance-cycle.ts';
import { isRestorable, type StateRecovery } from './state-recovery.ts';
import type { TradingGate } from './trading-gate.ts';

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
  /** Asked at the start of every cycle and before every order; a refusal stops it (the app's pin and live gate). */
  gate?: TradingGate;
  /**
   * A deliberately broken variant, for the reliability suite's mutation check only (it proves the suite catches
   * that bug). No config or flag sets it; products never pass it.
   */
  deliberateBug?: DeliberateBug;
  /**
   * Puts a good state back when the cycle finds it unreadable (quarantined, corrupt, missing); the cycle then
   * adopts the broker's orders placed after that backup and runs once more. Without it the cycle refuses.
   */
  recoverState?: StateRecovery;
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
  const assets = createDailyAssetCache(options.broker);

  return {
    async runCycle(cycle = {}) {
      const startedAt = now();
      const cycleId = newCycleId();
      emit({ type: 'cycle-started', cycleId });
      const attempt = await options.lock.acquire({ wait: cycle.waitForLock ?? false });
      if (attempt.kind === 'busy') {
        const { holder } = attempt;
        emit({ type: 'lock-busy', holder });
        const who = holder
          ? `in process ${holder.pid} on host ${holder.hostname} since ${holder.acquiredAt}`
          : 'in another process';
        return {
          ...emptyResult(),
          cycleId,
          outcome: 'busy',
          code: 'lock-busy',
          reason: `A rebalance is in progress ${who}; nothing done`,
          errors: [],
          durationsMs: { total: now().getTime() - startedAt.getTime() },
        };
      }
      const lock = attempt.lock;
      let result: CycleResult;
      const errors: string[] = [];
      try {
        await crash('after-lock');
        const context: CycleContext = {
          broker: options.broker,
          store: options.store,
          history: options.history,
          settings: options.settings,
          now,
          sleep,
          crash,
          emit,
          lock,
          signal: cycle.signal,
          assets,
          gate: options.gate ?? null,
          deliberateBug: options.deliberateBug ?? null,
        };
        result = await runRecovering(context, options.recoverState, () => runLockedCycle(context, cycle));
      } catch (error) {
        errors.push(`${error instanceof Error ? error.name : 'Error'}: ${errorMessage(error)}`);
        result = classifyFailure(error);
      }
      const report: CycleReport = {
        ...result,
        cycleId,
        errors,
        durationsMs: { total: now().getTime() - startedAt.getTime() },
      };
      if (lock.compromised) emit({ type: 'lock-compromised', reason: lock.compromisedReason ?? 'unknown' });
      // A process that lost its lock records what happened to it, but must not overwrite the heartbeat of the
      // process that took over.
      const ownsTheDay = report.code !== 'superseded' && !lock.compromised;
      const recordingError = await recordCycle(options, report, startedAt, now, emit, ownsTheDay);
      if (recordingError) report.errors.push(recordingError);
      await lock
        .release()
        .catch((error: unknown) => emit({ type: 'warning', message: 'releasing the lock failed', error }));
      emit({
        type: 'cycle-finished',
        cycleId,
        outcome: report.outcome,
        reason: report.reason,
        durationMs: report.durationsMs.total ?? 0,
      });
      return report;
    },
  };
}

function emptyResult(): CycleResult {
  return {
    outcome: 'failed',
    code: 'error',
    day: null,
    reason: '',
    decision: null,
    orders: [],
    answers: [],
    notes: [],
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Run the locked cycle; when it finds the state unreadable and a recovery is injected: restore, adopt the broker's
 * orders placed after the backup (by client order id), and run it once more, its notes saying so.
 */
async function runRecovering(
  context: CycleContext,
  recoverState: StateRecovery | undefined,
  run: () => Promise<CycleResult>,
): Promise<CycleResult> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof StateCorruptError) || !recoverState || !isRestorable(error)) throw error;
    const recovery = await recoverState(error);
    if (recovery.kind === 'refused') {
      return { ...emptyResult(), outcome: 'refused', code: 'state-unreadable', reason: recovery.reason };
    }
    context.lock.assertHeld();
    const adopted = await adoptUnknownOrders({
      broker: context.broker,
      store: context.store,
      history: context.history,
      clientOrderIdPrefix: context.settings.clientOrderIdPrefix,
      now: context.now,
    });
    const result = await run();
    return { ...result, notes: [...recovery.notes, ...adopted, ...result.notes] };
  }
}

/** What a cycle that threw amounts to: unreadable state, a stale writer, a lost lock, or a plain failure. */
function classifyFailure(error: unknown): CycleResult {
  const message = errorMessage(error);
  if (error instanceof StateCorruptError) {
    return {
      ...emptyResult(),
      outcome: 'refused',
      code: 'state-unreadable',
      reason: `State is unreadable (${message}); refusing to trade until it is restored from a backup`,
    };
  }
  if (error instanceof StaleRecordError) {
    return { ...emptyResult(), outcome: 'refused', code: 'superseded', day: error.day, reason: message };
  }
  if (error instanceof LockError) {
    return {
      ...emptyResult(),
      outcome: 'refused',
      code: 'stopped',
      reason: `the rebalance lock was lost (${message}); another process may have taken over, so this one stops`,
    };
  }
  return { ...emptyResult(), reason: `The cycle failed: ${message}` };
}

async function recordCycle(
  options: RebalanceEngineOptions,
  report: CycleReport,
  startedAt: Date,
  now: () => Date,
  emit: OnEngineEvent,
  writeHeartbeat: boolean,
): Promise<string | null> {
  const finishedAt = now().toISOString();
  const outcome: CycleOutcome = report.outcome;
  try {
    await options.history.append({
      cycleId: report.cycleId,
      day: report.day,
      startedAt: startedAt.toISOString(),
      finishedAt,
      outcome,
      code: report.code,
      decision: report.decision
        ? {
            kind: report.decision.kind,
            reason: report.decision.reason,
            ...(report.decision.kind === 'hold' ? { code: report.decision.code } : {}),
          }
        : { kind: 'none', reason: report.reason },
      orders: report.orders,
      brokerAnswers: report.answers,
      reconciliationNotes: report.notes,
      durationsMs: report.durationsMs,
      errors: report.errors,
      targets: options.settings.targets,
    });
    if (writeHeartbeat) {
      await options.heartbeat.write({ at: finishedAt, outcome, day: report.day, detail: report.reason });
    }
    return null;
  } catch (error) {
    // The cycle's own outcome stands; a failed audit write is surfaced, never swallowed.
    emit({ type: 'warning', message: 'recording the cycle in the history failed', error });
    return `recording the cycle failed: ${errorMessage(error)}`;
  }
}
