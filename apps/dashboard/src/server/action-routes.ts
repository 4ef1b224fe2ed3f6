import type { CycleReport } from '@dalio-lite/engine';
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import type { ApiContext, ApiEnv } from './api-context.ts';
import { requireActor } from './auth/auth-middleware.ts';
import { DashboardError } from './errors.ts';
import { badBody } from './validation.ts';
import { allocationView } from './views/market-read.ts';

const forceBody = z.object({ force: z.boolean().default(false) }).strict();
const haltBody = z
  .object({
    reason: z.string().trim().min(1).max(200).default('halted from the dashboard'),
    cancelOrders: z.boolean().default(false),
    liquidate: z.boolean().default(false),
  })
  .strict();
const emptyBody = z.object({}).strict();

/** What the browser is told about a cycle it started (the same report `dalio run --json` prints). */
function cycleAnswer(report: CycleReport) {
  return {
    cycleId: report.cycleId,
    day: report.day,
    outcome: report.outcome,
    code: report.code,
    reason: report.reason,
    orders: report.orders,
    answers: report.answers,
    notes: report.notes,
    errors: report.errors,
  };
}

/**
 * The actions: each needs a session and its CSRF token (`requireActor`), a valid body, and reports to the log.
 * Whatever changed is announced to every browser at once.
 */
export function actionRoutes(context: ApiContext) {
  const { deps } = context;
  const done = (action: string, outcome: string) => {
    deps.onEvent?.({ type: 'action', action, outcome });
    context.changed();
  };
  const actor = requireActor();
  return new Hono<ApiEnv>()
    .post('/dry-run', actor, zValidator('json', forceBody, badBody), async (c) => {
      const { force } = c.req.valid('json');
      const preview = await deps.preview({ force });
      deps.onEvent?.({ type: 'action', action: 'dry-run', outcome: preview.decision.kind });
      return c.json(allocationView(preview, deps.settings.policy));
    })
    .post('/rebalance', actor, zValidator('json', forceBody, badBody), async (c) => {
      const { force } = c.req.valid('json');
      if (context.cycleRunning.value)
        throw new DashboardError(
          409,
          'A rebalance is in progress from this dashboard; wait until it finishes',
        );
      context.cycleRunning.value = true;
      let report: CycleReport;
      try {
        report = await deps.runCycle({ force });
      } finally {
        context.cycleRunning.value = false;
      }
      if (report.code === 'lock-busy') {
        deps.onEvent?.({ type: 'action', action: 'rebalance', outcome: 'busy' });
        throw new DashboardError(409, report.reason);
      }
      done('rebalance', `${report.outcome} (${report.code})`);
      return c.json(cycleAnswer(report));
    })
    .post('/halt', actor, zValidator('json', haltBody, badBody), async (c) => {
      const outcome = await deps.halt(c.req.valid('json'));
      done('halt', `halted since ${outcome.since}`);
      return c.json(outcome);
    })
    .post('/resume', actor, zValidator('json', emptyBody, badBody), async (c) => {
      const outcome = await deps.resume();
      done(
        'resume',
        outcome.cleared.length > 0 ? `cleared ${outcome.cleared.join('; ')}` : 'nothing to clear',
      );
      return c.json(outcome);
    })
    .post('/backups', actor, zValidator('json', emptyBody, badBody), async (c) => {
      const outcome = await deps.backups.createNow();
      if (!outcome.configured) throw new DashboardError(409, outcome.reason);
      done('backup', `backup ${outcome.backup.id}`);
      context.backups.invalidate();
      return c.json(outcome.backup);
    })
    .post('/alerts/:key/ack', actor, zValidator('json', emptyBody, badBody), async (c) => {
      const key = c.req.param('key');
      if (!(await context.alerts.acknowledge(key, context.now())))
        throw new DashboardError(404, `No alert "${key}" is firing; reload the alerts`);
      done('acknowledge', key);
      return c.json({ acknowledged: key });
    });
}
