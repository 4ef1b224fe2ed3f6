import { type Broker, BrokerUnavailableError } from '@dalio-lite/broker';
import { newYorkDate } from '@dalio-lite/core';
import type { CycleCode, CycleReport } from '@dalio-lite/engine';
import { abortableSleep, untilAborted } from './abortable-wait.ts';
import { type ClockPaceOptions, type ClockReading, createClockPace } from './clock-pace.ts';
import { type DaySession, nextDaemonStep } from './daemon-schedule.ts';
import { type BrokerOutage, missedDayReason, type PendingRetry } from './missed-day-reason.ts';
import { createSessionCalendar } from './session-calendar.ts';

/** Outcomes after which the daemon tries the same day again (after a backoff) while its session lasts. */
const RETRY_CODES: ReadonlySet<CycleCode> = new Set<CycleCode>([
  'lock-busy',
  'orders-open',
  'error',
  'stopped',
]);

/** What the daemon needs of the engine: one cycle that waits for the lock and stops early once `signal` aborts. */
export interface DaemonEngine {
  runCycle(options: { waitForLock: true; signal: AbortSignal }): Promise<CycleReport>;
}

/**
 * What the daemon reports to its owner (logs, the demo's console). Each trading day ends in exactly one day outcome:
 * a `cycle` with `retryInMs` null, or `missed`; a `cycle` with `retryInMs` set is an attempt that will be repeated.
 */
export type DaemonEvent =
  | { type: 'cycle'; day: string; report: CycleReport; retryInMs: number | null }
  | { type: 'missed'; day: string; reason: string }
  | { type: 'broker-unreachable'; error: unknown; throttled: boolean; retryInMs: number }
  | { type: 'stopped' };

/** True for the one event that settles a trading day. */
export function isDayOutcome(event: DaemonEvent): boolean {
  return event.type === 'missed' || (event.type === 'cycle' && event.retryInMs === null);
}

/** Options of the daemon loop. Time comes from the broker clock, so time-lapse simulators work unchanged. */
export interface DaemonOptions {
  broker: Pick<Broker, 'getClock' | 'getCalendar'>;
  engine: DaemonEngine;
  /** Run the day's cycle at this New York time (`HH:MM`), or as soon after as the daemon looks, on each trading day. */
  timeEt: string;
  signal: AbortSignal;
  onEvent: (event: DaemonEvent) => void;
  /** First wait after a failed look at the broker clock; doubles with each further failure (default 1 s). */
  lookRetryMs?: number;
  /**
   * First wait before a cycle that asked for a retry runs again; doubles with each further attempt (default 30 s,
   * because a cycle costs 10–20 requests and Alpaca allows 200 a minute).
   */
  cycleRetryMs?: number;
  /** Longest wait of either kind (default 5 min). */
  maxBackoffMs?: number;
  /** How broker time becomes wall-clock sleeps: a known speed, probe and cap (see `createClockPace`). */
  pace?: ClockPaceOptions;
  /** Stop after this many day outcomes (demos); unlimited by default. */
  maxDays?: number;
  /** Injected in tests: sleep `ms` of wall time, returning early when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Injected in tests: the wall clock in milliseconds. */
  wallNow?: () => number;
}

/**
 * Run until the signal aborts: one outcome per trading day of the broker's calendar, each cycle started at the day's
 * `timeEt` by the broker clock, sleeping in between for as long as the broker clock's pace says (never a fixed poll).
 */
export async function runDaemon(options: DaemonOptions): Promise<void> {
  const { broker, engine, signal, onEvent } = options;
  const sleep = options.sleep ?? abortableSleep;
  const wallNow = options.wallNow ?? Date.now;
  const maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
  const backoffMs = (firstMs: number, failures: number) => Math.min(maxBackoffMs, firstMs * 2 ** failures);
  const lookRetryMs = options.lookRetryMs ?? 1_000;
  const cycleRetryMs = options.cycleRetryMs ?? 30_000;
  const pace = createClockPace(options.pace);
  const calendar = createSessionCalendar({ broker, timeEt: options.timeEt });

  let owedAfterMs: number | null = null;
  let doneThrough: string | null = null;
  let lastLook: ClockReading | null = null;
  let outage = null as BrokerOutage | null;
  let retry: PendingRetry | null = null;
  let lookFailures = 0;
  let days = 0;
  const finished = () => signal.aborted || (options.maxDays !== undefined && days >= options.maxDays);
  const settle = (day: string, event: DaemonEvent) => {
    doneThrough = day;
    days += 1;
    if (retry?.date === day) retry = null;
    onEvent(event);
  };

  while (!finished()) {
    let look: ClockReading;
    let sessions: DaySession[];
    try {
      const askedWallMs = wallNow();
      const clock = await untilAborted(broker.getClock(), signal);
      look = { brokerMs: Date.parse(clock.timestamp), wallMs: wallNow(), askedWallMs };
      sessions = await untilAborted(
        calendar.sessionsAfter(doneThrough, newYorkDate(clock.timestamp)),
        signal,
      );
    } catch (error) {
      if (signal.aborted) break;
      const retryInMs = backoffMs(lookRetryMs, lookFailures);
      lookFailures += 1;
      outage = { since: outage?.since ?? lastLook, error };
      pace.forget();
      onEvent({ type: 'broker-unreachable', error, throttled: isThrottled(error), retryInMs });
      await sleep(retryInMs, signal);
      continue;
    }
    lookFailures = 0;
    pace.observe(look);
    owedAfterMs ??= look.brokerMs;
    const step = nextDaemonStep({ sessions, nowMs: look.brokerMs, doneThrough, owedAfterMs });
    for (const session of step.missed) {
      if (finished()) break;
      const reason = missedDayReason(session, {
        timeEt: options.timeEt,
        previous: lastLook,
        now: look,
        outage,
        retry,
      });
      settle(session.date, { type: 'missed', day: session.date, reason });
    }
    lastLook = look;
    outage = null;
    if (finished()) break;

    if (step.kind === 'run') {
      const { date, closeMs } = step.session;
      const retryInMs = retry?.date === date ? retry.atWallMs - wallNow() : 0;
      if (retryInMs > 0) {
        await sleep(Math.min(retryInMs, pace.sleepMsUntil(closeMs, wallNow())), signal);
        // Not a measure of the clock's speed: a simulator may stand still while we wait to retry, and a speed
        // measured across that would size the next sleep hours too long.
        pace.forget();
        continue;
      }
      const report = await engine.runCycle({ waitForLock: true, signal });
      pace.forget();
      if (RETRY_CODES.has(report.code) && !signal.aborted) {
        const attempts: number = retry?.date === date ? retry.attempts + 1 : 1;
        const waitMs = backoffMs(cycleRetryMs, attempts - 1);
        retry = { date, report, atWallMs: wallNow() + waitMs, attempts };
        onEvent({ type: 'cycle', day: date, report, retryInMs: waitMs });
      } else {
        settle(date, { type: 'cycle', day: date, report, retryInMs: null });
      }
      continue;
    }
    const untilMs = step.kind === 'wait' ? step.untilMs : Number.POSITIVE_INFINITY;
    await sleep(pace.sleepMsUntil(untilMs, wallNow()), signal);
  }
  onEvent({ type: 'stopped' });
}

function isThrottled(error: unknown): boolean {
  return error instanceof BrokerUnavailableError && error.status === 429;
}
