import { randomSecret } from './secret-compare.ts';

/** One signed-in browser: the id its HttpOnly cookie carries and the CSRF token every action must repeat. */
export interface Session {
  id: string;
  csrfToken: string;
  createdAtMs: number;
  lastSeenAtMs: number;
}

/** The sessions of one dashboard process (in memory: a restart signs everyone out, which is the safe side). */
export interface SessionStore {
  create(): Session;
  /** The live session with this id, touched; null when unknown or expired. */
  get(id: string | undefined): Session | null;
  delete(id: string | undefined): void;
}

/** Options of `createSessionStore`. */
export interface SessionStoreOptions {
  now?: () => number;
  newSecret?: () => string;
  /** A session unused this long ends (default 12 h). */
  idleMs?: number;
  /** A session ends this long after sign-in whatever its use (default 7 days). */
  maxAgeMs?: number;
  /** At most this many sessions; signing in beyond it ends the least recently used (default 50). */
  maxSessions?: number;
}

/** Default lifetime of a session, also the cookie's Max-Age. */
export const SESSION_MAX_AGE_MS = 7 * 24 * 3_600_000;

/** Create the session store. */
export function createSessionStore(options: SessionStoreOptions = {}): SessionStore {
  const now = options.now ?? Date.now;
  const newSecret = options.newSecret ?? randomSecret;
  const idleMs = options.idleMs ?? 12 * 3_600_000;
  const maxAgeMs = options.maxAgeMs ?? SESSION_MAX_AGE_MS;
  const maxSessions = options.maxSessions ?? 50;
  const sessions = new Map<string, Session>();

  const expired = (session: Session, at: number) =>
    at - session.lastSeenAtMs > idleMs || at - session.createdAtMs > maxAgeMs;

  return {
    create() {
      const at = now();
      for (const [id, session] of sessions) if (expired(session, at)) sessions.delete(id);
      while (sessions.size >= maxSessions) {
        const oldest = [...sessions.values()].reduce((a, b) => (a.lastSeenAtMs <= b.lastSeenAtMs ? a : b));
        sessions.delete(oldest.id);
      }
      const session = { id: newSecret(), csrfToken: newSecret(), createdAtMs: at, lastSeenAtMs: at };
      sessions.set(session.id, session);
      return session;
    },
    get(id) {
      if (!id) return null;
      const session = sessions.get(id);
      if (!session) return null;
      const at = now();
      if (expired(session, at)) {
        sessions.delete(id);
        return null;
      }
      session.lastSeenAtMs = at;
      return session;
    },
    delete(id) {
      if (id) sessions.delete(id);
    },
  };
}
