import { isTradingDay, marketSession, newYorkDate, newYorkInstant, nextTradingDay } from '@dalio-lite/core';

/**
 * When the daemon's next cycle is due, by the broker clock: today at `timeEt` (or now, if that passed and the
 * market is still open) unless today already has a rebalance record or is no trading day; else the next
 * trading day. `doneDays` are the days the state has a record for.
 */
export function nextCycle(input: { clockAt: string; timeEt: string; doneDays: ReadonlySet<string> }): {
  day: string;
  at: string;
} {
  const today = newYorkDate(input.clockAt);
  const nowMs = Date.parse(input.clockAt);
  const session = isTradingDay(today) ? marketSession(today) : null;
  if (session && !input.doneDays.has(today)) {
    const closeMs = newYorkInstant(today, session.closeEt).getTime();
    const dueMs = newYorkInstant(today, laterEt(input.timeEt, session.openEt)).getTime();
    if (nowMs < closeMs) return { day: today, at: new Date(Math.max(dueMs, nowMs)).toISOString() };
  }
  const next = nextTradingDay(today);
  const nextSession = marketSession(next);
  const dueEt = nextSession ? laterEt(input.timeEt, nextSession.openEt) : input.timeEt;
  return { day: next, at: newYorkInstant(next, dueEt).toISOString() };
}

/** The later of two `HH:MM` times (such strings sort as the times they name). */
function laterEt(a: string, b: string): string {
  return [a, b].sort()[1] ?? a;
}
