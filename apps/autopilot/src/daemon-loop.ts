import type { Broker } from '@dalio-lite/broker';
import { newYorkDate } from '@dalio-lite/core';
import type { CycleCode, CycleReport, RebalanceEngine } from '@dalio-lite/engine';

/** Outcomes after which the daemon tries again later the same day (after a backoff). */
const RETRY_CODES: ReadonlySet<CycleCode> = new Set<CycleCode>([
  'lock-busy',
  'orders-open',
  'error',
  'stopped',
]);

/** What the daemon reports to its owner (logs, the demo's console). */
export type DaemonEvent =
  | { type: 'cycle'; report: CycleReport }
  | { type: 'broker-unreachable'; error: unknown; retryInMs: number }
  | { type: 'stopped' };

/** Options of the daemon loop. Time comes from the broker clock, so time-lapse simulators work unchanged. */
export interface DaemonOptions {
  broker: Broker;
  engine: RebalanceEngine;
  /** Run the day's cycle at or after this New York time (`HH:MM`) on each trading day. */
  timeEt: string;
  /** Pause between looks at the broker clock (real milliseconds). */
  pollMs: number;
  /** Backoff after a broker outage or a failed cycle: doubles from `pollMs` up to this. */
  maxBackoffMs: number;
  signal: AbortSignal;
  onEvent: (event: DaemonEvent) => void;
  /** Stop after this many cycles (demos and tests); unlimited by default. */
  maxCycles?: number;
}

/** Run until the signal aborts: one cycle per trading day, never a busy loop, backoff on every failure path. */
export async function runDaemon(options: DaemonOptions): Promise<void> {
  const { broker, engine, signal } = options;
  let doneDay: string | null = null;
  let backoffMs = options.pollMs;
  let cycles = 0;
  while (!signal.aborted && (options.maxCycles === undefined || cycles < options.maxCycles)) {
    let waitMs = options.pollMs;
    try {
      const clock = await broker.getClock();
      const day = newYorkDate(clock.timestamp);
      if (clock.isOpen && day !== doneDay && newYorkTime(clock.timestamp) >= options.timeEt) {
        const report = await engine.runCycle({ waitForLock: true });
        cycles++;
        options.onEvent({ type: 'cycle', report });
        if (RETRY_CODES.has(report.code)) {
          waitMs = backoffMs;
          backoffMs = Math.min(backoffMs * 2, options.maxBackoffMs);
        } else {
          doneDay = report.day ?? day;
          backoffMs = options.pollMs;
        }
      } else backoffMs = options.pollMs;
    } catch (error) {
      waitMs = backoffMs;
      options.onEvent({ type: 'broker-unreachable', error, retryInMs: waitMs });
      backoffMs = Math.min(backoffMs * 2, options.maxBackoffMs);
    }
    await abortableSleep(waitMs, signal);
  }
  options.onEvent({ type: 'stopped' });
}

/** `HH:MM` in New York at an instant. */
export function newYorkTime(instant: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'America/New_York',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
