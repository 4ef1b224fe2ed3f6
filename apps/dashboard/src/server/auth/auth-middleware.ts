import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { CSRF_HEADER } from '../../shared/protocol.ts';
import type { ApiContext, ApiEnv } from '../api-context.ts';
import { DashboardError } from '../errors.ts';
import { sameSecret } from './secret-compare.ts';

/** Name of the HttpOnly session cookie. */
export const SESSION_COOKIE = 'dalio_session';

/** Look up the request's session (no refusal: the routes decide what a visitor without one may see). */
export function loadSession(context: ApiContext) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    c.set('session', context.sessions.get(getCookie(c, SESSION_COOKIE)));
    await next();
  });
}

/** Reads: a session, the dashboard token as a bearer token (a Prometheus scrape), or the public read-only mode. */
export function requireReader(context: ApiContext) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    if (c.get('session') || context.auth.publicReadOnly) return next();
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer !== undefined && sameSecret(bearer, context.auth.token)) return next();
    throw new DashboardError(
      401,
      'Sign in first: open the login link the dashboard printed, or enter its token',
    );
  });
}

/** Actions: a session and its CSRF token in the `x-csrf-token` header. 401 / 403 otherwise. */
export function requireActor() {
  return createMiddleware<ApiEnv>(async (c, next) => {
    const session = c.get('session');
    if (!session) throw new DashboardError(401, 'Sign in first: actions need the dashboard token');
    const given = c.req.header(CSRF_HEADER);
    if (!given || !sameSecret(given, session.csrfToken))
      throw new DashboardError(403, 'The CSRF token is missing or wrong: reload the page and try again');
    await next();
  });
}

/** The client a failed sign-in counts against: the peer address of the connection (no proxy header trusted). */
export function clientOf(env: ApiEnv['Bindings'] | undefined): string {
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}
