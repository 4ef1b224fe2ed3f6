import { newYorkDate } from '@dalio-lite/core';
import type { CycleReport } from '@dalio-lite/engine';
import type { ClockReading } from './clock-pace.ts';
import type { DaySession } from './daemon-schedule.ts';

/** Looks at the broker clock failing since the last good look (null: since the start). */
export interface BrokerOutage {
  since: ClockReading | null;
  error: unknown;
}

/** A day whose last attempt asked for a retry, due at `atWallMs`. */
export interface PendingRetry {
  date: string;
  report: CycleReport;
  atWallMs: number;
  attempts: number;
}

/** What the daemon knew when it found a session closed without a cycle. */
export interface MissedDayContext {
  timeEt: string;
  /** The look at the broker clock before this one (null at the start). */
  previous: ClockReading | null;
  now: ClockReading;
  outage: BrokerOutage | null;
  retry: PendingRetry | null;
}

/** Why a trading session closed without a cycle, in words that say where to look. */
export function missedDayReason(session: DaySession, context: MissedDayContext): string {
  const close = `${session.closeEt} ET`;
  if (session.dueMs >= session.closeMs)
    return `the session closed at ${close}, before schedule.timeEt ${context.timeEt}`;
  if (context.retry?.date === session.date) {
    const { code, reason } = context.retry.report;
    return `the last attempt ended ${code} (${reason}) and the session closed at ${close} before a retry`;
  }
  if (context.outage) {
    const { error } = context.outage;
    const message = error instanceof Error ? error.message : String(error);
    return `the broker was unreachable from ${brokerTime(context.outage.since)} until ${brokerTime(context.now)} (${message}), past the close at ${close}`;
  }
  return `the daemon looked at the broker clock at ${brokerTime(context.previous)} and next at ${brokerTime(context.now)}, after the close at ${close}`;
}

const hourMinute = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'America/New_York',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function brokerTime(reading: ClockReading | null): string {
  if (!reading) return 'its start';
  const instant = new Date(reading.brokerMs);
  return `${newYorkDate(instant)} ${hourMinute.format(instant)} ET`;
}
