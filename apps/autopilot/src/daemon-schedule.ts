import { type CalendarDay, newYorkInstant } from '@dalio-lite/core';

/** One trading session as the daemon schedules it: the cycle is due at `dueMs` and possible until `closeMs`. */
export interface DaySession {
  date: string;
  /** `schedule.timeEt` on that date, or the open when the session opens later. */
  dueMs: number;
  closeMs: number;
  /** The close as the broker's calendar lists it (`HH:MM` New York), for messages. */
  closeEt: string;
}

/** A session of the broker's calendar with the day's cycle time. */
export function toDaySession(day: CalendarDay, timeEt: string): DaySession {
  const dueEt = day.open > timeEt ? day.open : timeEt;
  return {
    date: day.date,
    dueMs: newYorkInstant(day.date, dueEt).getTime(),
    closeMs: newYorkInstant(day.date, day.close).getTime(),
    closeEt: day.close,
  };
}

/** What the daemon does next: run a session's cycle, or wait on the broker clock; `missed` sessions closed unrun. */
export type DaemonStep = { missed: DaySession[] } & (
  | { kind: 'run'; session: DaySession }
  | { kind: 'wait'; untilMs: number; session: DaySession }
  | { kind: 'no-session' }
);

/**
 * Decide from the broker clock which owed sessions closed without a cycle, and whether the next one is due.
 * Sessions are owed when they close after `owedAfterMs` (the daemon's first look) and lie after `doneThrough`.
 */
export function nextDaemonStep(input: {
  sessions: readonly DaySession[];
  nowMs: number;
  doneThrough: string | null;
  owedAfterMs: number;
}): DaemonStep {
  const missed: DaySession[] = [];
  for (const session of input.sessions) {
    if (input.doneThrough !== null && session.date <= input.doneThrough) continue;
    if (session.closeMs <= input.owedAfterMs) continue;
    if (input.nowMs >= session.closeMs) {
      missed.push(session);
      continue;
    }
    // A session that closes before the cycle time cannot run; it is reported once it closes.
    if (session.dueMs >= session.closeMs) return { missed, kind: 'wait', untilMs: session.closeMs, session };
    if (input.nowMs >= session.dueMs) return { missed, kind: 'run', session };
    return { missed, kind: 'wait', untilMs: session.dueMs, session };
  }
  return { missed, kind: 'no-session' };
}
