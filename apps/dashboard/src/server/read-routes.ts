import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import type { ApiContext, ApiEnv } from './api-context.ts';
import { requireReader } from './auth/auth-middleware.ts';
import { badBody } from './validation.ts';
import { errorLog } from './views/error-log.ts';
import { accountView, allocationView, positionsView } from './views/market-read.ts';
import { cycleView, freshness, readState, riskView, statusView } from './views/status-view.ts';

const pageQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    before: z.coerce.number().int().min(1).optional(),
  })
  .strict();

/**
 * Every read of the dashboard. Each answers from local files and the last known broker values (with their age),
 * so a slow or unreachable broker never holds up a page: the background refresh tells the browsers when it lands.
 */
export function readRoutes(context: ApiContext) {
  const { deps } = context;
  const reader = requireReader(context);
  return new Hono<ApiEnv>()
    .get('/status', reader, async (c) => c.json(await statusView(deps, context.market.get())))
    .get('/portfolio', reader, (c) => {
      const market = context.market.get();
      return c.json({
        account: freshness(market, accountView),
        positions: freshness(market, (read) => positionsView(read, deps.settings.targets)),
      });
    })
    .get('/allocation', reader, (c) =>
      c.json(freshness(context.market.get(), (read) => allocationView(read.preview, deps.settings.policy))),
    )
    .get('/cycles', reader, zValidator('query', pageQuery, badBody), async (c) => {
      const { limit, before } = c.req.valid('query');
      const page = await deps.history.readPage({ limit, ...(before === undefined ? {} : { before }) });
      return c.json({ cycles: page.records.map(cycleView), nextBefore: page.nextBefore });
    })
    .get('/performance', reader, (c) => c.json(freshness(context.performance.get(), (series) => series)))
    .get('/risk', reader, async (c) =>
      c.json(riskView(await readState(deps), context.market.get(), deps.settings.risk)),
    )
    .get('/errors', reader, async (c) => {
      const { records } = await deps.history.readPage({ limit: 200 });
      return c.json({ errors: errorLog(records, context.failures) });
    })
    .get('/alerts', reader, async (c) => c.json({ alerts: await context.alerts.list() }))
    .get('/backups', reader, (c) => c.json(freshness(context.backups.get(), (listing) => listing)))
    .get('/health', reader, (c) => c.json(freshness(context.health.get(), (report) => report)));
}
