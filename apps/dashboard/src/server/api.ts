import { BackupError, REQUEST_FAULTS } from '@dalio-lite/backup';
import { ConfigError } from '@dalio-lite/config';
import { StrategyInputError } from '@dalio-lite/strategy';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { actionRoutes } from './action-routes.ts';
import { type ApiContext, type ApiEnv, type ApiOptions, createApiContext } from './api-context.ts';
import { loadSession, requireReader } from './auth/auth-middleware.ts';
import type { DashboardDeps } from './dashboard-deps.ts';
import { DashboardError } from './errors.ts';
import { eventsRoute } from './events-route.ts';
import { readRoutes } from './read-routes.ts';
import { sessionRoutes } from './session-routes.ts';
import { strategyRoutes } from './strategy-routes.ts';
import { webRoutes } from './web-routes.ts';

/** The strict CSP: this origin only, no inline script or style, no framing, no plugins. */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** JSON bodies of actions are a few fields; anything larger is refused before it is read. */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * The body limit, on requests that may carry a body. A GET or HEAD has none to limit, and the check would cost
 * it the full `Request` object @hono/node-server otherwise never builds: half the reads' throughput.
 */
function limitBodies(): MiddlewareHandler<ApiEnv> {
  const limit = bodyLimit({ maxSize: MAX_BODY_BYTES });
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next));
}

/** The one place an error becomes an HTTP answer: JSON `{ error: { message } }` with its status. */
function answerError(context: ApiContext) {
  return (error: Error, c: Parameters<Parameters<Hono<ApiEnv>['onError']>[0]>[1]) => {
    if (error instanceof DashboardError) {
      if (error.retryAfterS !== null) c.header('Retry-After', String(error.retryAfterS));
      return c.json({ error: { message: error.message } }, error.status);
    }
    if (error instanceof BackupError) {
      // A backup refused for what was asked or because another one runs is a conflict; the rest, a failure.
      const conflict = error.fault === 'busy' || REQUEST_FAULTS.has(error.fault);
      if (!conflict) context.fail(`${c.req.method} ${c.req.path}`, error);
      return c.json({ error: { message: error.message } }, conflict ? 409 : 500);
    }
    if (error instanceof StrategyInputError || error instanceof ConfigError)
      return c.json({ error: { message: error.message } }, 400);
    if (error instanceof HTTPException) {
      const message =
        error.status === 403
          ? 'Refused: the request did not come from the dashboard page (cross-site request)'
          : error.status === 413
            ? `The request body is larger than ${MAX_BODY_BYTES} bytes`
            : error.message || 'Bad request';
      return c.json({ error: { message } }, error.status);
    }
    context.fail(`${c.req.method} ${c.req.path}`, error);
    context.deps.onEvent?.({ type: 'request-failed', path: c.req.path, status: 500, error });
    return c.json({ error: { message: `${c.req.method} ${c.req.path} failed: ${error.message}` } }, 500);
  };
}

/**
 * The dashboard's HTTP app: the JSON API under `/api`, `/metrics`, and (with `webDir`) the built React app.
 * Takes every dependency as an argument, so tests call `app.request(...)` with no port; `close` stops the
 * watcher of the state directory.
 */
export function createApi(deps: DashboardDeps, options: ApiOptions) {
  const context = createApiContext(deps, options);
  const api = new Hono<ApiEnv>()
    .use(limitBodies())
    .use(csrf())
    // Set before the answer exists: a header added to a finished answer makes Hono copy it into a streamed one.
    .use(async (c, next) => {
      c.header('Cache-Control', 'no-store');
      await next();
    })
    .route('/', sessionRoutes(context))
    .route('/', eventsRoute(context))
    .route('/', readRoutes(context))
    .route('/', actionRoutes(context))
    .route('/', strategyRoutes(context));
  const app = new Hono<ApiEnv>()
    .use(secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, referrerPolicy: 'no-referrer' }))
    .use(loadSession(context))
    .route('/api', api)
    .get('/metrics', requireReader(context), async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.text(await deps.metrics(), 200, {
        'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
      });
    });
  app.onError(answerError(context));
  app.notFound((c) => c.json({ error: { message: `Nothing at ${c.req.method} ${c.req.path}` } }, 404));
  if (options.webDir) app.route('/', webRoutes(options.webDir));
  return { app, context, close: context.close };
}

/** The API's type, for the web client's `hc<DashboardApi>` (response types come from here, not from twins). */
export type DashboardApi = ReturnType<typeof createApi>['app'];
