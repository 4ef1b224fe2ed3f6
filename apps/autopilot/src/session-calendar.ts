import type { Broker } from '@dalio-lite/broker';
import { isoDateToUtcMs } from '@dalio-lite/core';
import { type DaySession, toDaySession } from './daemon-schedule.ts';

/** The broker's trading sessions ahead of the daemon, read a few weeks at a time. */
export interface SessionCalendar {
  /**
   * Sessions after `doneThrough` (from `today` when nothing is done yet), reaching at least a week past `today`;
   * reads the broker's calendar only when the cached range does not cover that.
   */
  sessionsAfter(doneThrough: string | null, today: string): Promise<DaySession[]>;
}

/** No two NYSE sessions are further apart than this, so a range this far past today holds the next session. */
const NEXT_SESSION_WITHIN_DAYS = 7;

/** Create the cache: about one calendar read per `aheadDays` (default 45) of broker time. */
export function createSessionCalendar(options: {
  broker: Pick<Broker, 'getCalendar'>;
  timeEt: string;
  aheadDays?: number;
}): SessionCalendar {
  const aheadDays = options.aheadDays ?? 45;
  let cached: { fromDate: string; throughDate: string; sessions: DaySession[] } | null = null;
  return {
    async sessionsAfter(doneThrough, today) {
      const fromDate = doneThrough ?? today;
      const latest = fromDate.localeCompare(today) > 0 ? fromDate : today;
      if (
        !cached ||
        cached.fromDate > fromDate ||
        cached.throughDate < addDays(latest, NEXT_SESSION_WITHIN_DAYS)
      ) {
        const throughDate = addDays(latest, aheadDays);
        const days = await options.broker.getCalendar({ start: fromDate, end: throughDate });
        cached = {
          fromDate,
          throughDate,
          sessions: days
            .map((day) => toDaySession(day, options.timeEt))
            .sort((a, b) => a.date.localeCompare(b.date)),
        };
      }
      return cached.sessions.filter((session) => doneThrough === null || session.date > doneThrough);
    },
  };
}

function addDays(date: string, days: number): string {
  return new Date(isoDateToUtcMs(date) + days * 86_400_000).toISOString().slice(0, 10);
}
