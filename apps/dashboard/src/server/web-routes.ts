import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { ApiEnv } from './api-context.ts';
import { DashboardError } from './errors.ts';

/** The built app's directory, `dist/web` of this package (the same relative place from `src/` and `dist/`). */
export const BUILT_WEB_DIR = new URL('../../dist/web/', import.meta.url).pathname;

/**
 * Serve the built React app: hashed assets cached for a year, `index.html` for every other page path (the app
 * routes itself) and never cached, so a new build is picked up on the next load.
 */
export function webRoutes(webDir: string) {
  if (!existsSync(join(webDir, 'index.html')))
    throw new Error(
      `The dashboard's web app is not built (${webDir}index.html is missing): run the build first`,
    );
  return new Hono<ApiEnv>()
    .use(compress())
    .use(
      '/assets/*',
      serveStatic({
        root: webDir,
        onFound: (_path, c) => {
          c.header('Cache-Control', 'public, max-age=31536000, immutable');
        },
      }),
    )
    .get(
      '*',
      async (c, next) => {
        // An unknown API path is a 404 for the client that asked, never the app's page.
        if (c.req.path.startsWith('/api/')) throw new DashboardError(404, `Nothing at GET ${c.req.path}`);
        await next();
      },
      serveStatic({
        root: webDir,
        path: 'index.html',
        onFound: (_path, c) => {
          c.header('Cache-Control', 'no-cache');
        },
      }),
    );
}
