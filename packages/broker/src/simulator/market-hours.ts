import { marketSession, newYorkDate, newYorkInstant, nextTradingDay } from '@dalio-lite/core';

/** A regular session as UTC instants. */
export interface SessionWindow {
  date: string;
  openMs: number;
  closeMs: number;
}

const sessions = new Map<string, SessionWindow | null>();

/** The session of a New York date, or null when closed all day (remembered: every request asks for it). */
export function sessionOn(date: string): SessionWindow | null {
  const known = sessions.get(date);
  if (known !== undefined) return known;
  const session = marketSession(date);
  const window = session && {
    date,
    openMs: newYorkInstant(date, session.openEt).getTime(),
    closeMs: newYorkInstant(date, session.closeEt).getTime(),
  };
  sessions.set(date, window);
  return window;
}

/** The session in progress at an instant, or null when the market is closed then. */
export function sessionAt(instantMs: number): SessionWindow | null {
  const today = sessionOn(newYorkDate(new Date(instantMs)));
  return today && instantMs >= today.openMs && instantMs < today.closeMs ? today : null;
}

/** The first session whose close is after the instant: today's if not yet closed, otherwise the next one. */
export function currentOrNextSession(instantMs: number): SessionWindow {
  const date = newYorkDate(new Date(instantMs));
  const today = sessionOn(date);
  if (today && instantMs < today.closeMs) return today;
  const next = sessionOn(nextTradingDay(date));
  if (!next) throw new Error(`no session after ${date}`);
  return next;
}

/** The next session that opens strictly after the instant. */
export function nextOpeningSession(instantMs: number): SessionWindow {
  const session = currentOrNextSession(instantMs);
  if (session.openMs > instantMs) return session;
  const next = sessionOn(nextTradingDay(session.date));
  if (!next) throw new Error(`no session after ${session.date}`);
  return next;
}

const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  timeZoneName: 'longOffset',
});

/** An instant as RFC 3339 with the New York offset, as Alpaca's clock reports it (`2024-03-15T15:00:00-04:00`). */
export function formatNewYork(instantMs: number): string {
  const name =
    offsetFormat.formatToParts(new Date(instantMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = name === 'GMT' ? '+00:00' : name.slice(3);
  const sign = offset.startsWith('-') ? -1 : 1;
  const offsetMs = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  return `${new Date(instantMs + offsetMs).toISOString().slice(0, 19)}${offset}`;
}

/** An instant as a New York wall-clock `HH:MM`, as calendars list session times. */
export function formatNewYorkHhMm(instantMs: number): string {
  return new Date(instantMs).toLocaleTimeString('en-GB', {
    timeZone: 'America/New_York',
    hour: '2-digit',
    minute: '2-digit',
  });
}
