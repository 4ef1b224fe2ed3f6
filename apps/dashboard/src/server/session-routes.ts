import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { ApiContext, ApiEnv } from './api-context.ts';
import { clientOf, requireActor, SESSION_COOKIE } from './auth/auth-middleware.ts';
import { sameSecret } from './auth/secret-compare.ts';
import { SESSION_MAX_AGE_MS } from './auth/session-store.ts';
import { DashboardError } from './errors.ts';
import { badBody } from './validation.ts';

const signInSchema = z.union([
  z.object({ token: z.string().min(1).max(512) }).strict(),
  z.object({ code: z.string().min(1).max(512) }).strict(),
]);

/** Sign in (token or one-time link code) for an HttpOnly SameSite=Strict cookie, look at the session, sign out. */
export function sessionRoutes(context: ApiContext) {
  return new Hono<ApiEnv>()
    .get('/session', (c) => {
      const session = c.get('session');
      return c.json({
        signedIn: session !== null,
        csrfToken: session?.csrfToken ?? null,
        publicReadOnly: context.auth.publicReadOnly ?? false,
      });
    })
    .post('/session', zValidator('json', signInSchema, badBody), (c) => {
      const client = clientOf(c.env);
      const gate = context.limiter.check(client);
      if (gate.locked) {
        context.deps.onEvent?.({ type: 'sign-in-refused', client, lockedOut: true });
        throw new DashboardError(429, `Too many failed sign-ins: try again in ${gate.retryAfterS} s`, {
          retryAfterS: gate.retryAfterS,
        });
      }
      const body = c.req.valid('json');
      const via = 'token' in body ? ('token' as const) : ('link' as const);
      const ok =
        'token' in body ? sameSecret(body.token, context.auth.token) : context.codes.consume(body.code);
      if (!ok) {
        const after = context.limiter.fail(client);
        context.deps.onEvent?.({ type: 'sign-in-refused', client, lockedOut: after.locked });
        if (after.locked)
          throw new DashboardError(429, `Too many failed sign-ins: try again in ${after.retryAfterS} s`, {
            retryAfterS: after.retryAfterS,
          });
        throw new DashboardError(
          401,
          via === 'token'
            ? 'That token is not the dashboard token'
            : 'That login link was used or has expired',
        );
      }
      context.limiter.succeed(client);
      context.sessions.delete(c.get('session')?.id);
      const session = context.sessions.create();
      setCookie(c, SESSION_COOKIE, session.id, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure: new URL(c.req.url).protocol === 'https:',
        maxAge: SESSION_MAX_AGE_MS / 1000,
      });
      context.deps.onEvent?.({ type: 'signed-in', client, via });
      return c.json({ signedIn: true, csrfToken: session.csrfToken });
    })
    .delete('/session', requireActor(), (c) => {
      context.sessions.delete(c.get('session')?.id);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ signedIn: false });
    });
}
