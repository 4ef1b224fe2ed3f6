import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import type { ApiContext, ApiEnv } from './api-context.ts';
import { requireActor, requireReader } from './auth/auth-middleware.ts';
import { DashboardError } from './errors.ts';
import type { StrategyPort } from './strategy-port.ts';
import { badBody } from './validation.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const rangeQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() }).strict();
const weightsPct = z
  .record(z.string().max(12), z.number().min(0).max(100))
  .refine(
    (weights) => Object.keys(weights).length > 0 && Object.keys(weights).length <= 20,
    'give 1 to 20 symbols',
  );
const checkBody = z.object({ weightsPct }).strict();
const applyBody = z.union([
  z.object({ weightsPct }).strict(),
  z.object({ preset: z.string().min(1).max(40) }).strict(),
]);
const goalBody = z
  .object({
    amountUsd: z.number().positive(),
    targetDate: isoDate,
    monthlyUsd: z.number().min(0),
    inflationPct: z.number().min(-5).max(20).optional(),
    probabilityPct: z.number().min(1).max(99).optional(),
  })
  .strict();
const emptyBody = z.object({}).strict();

/** Who the history records for a change made here. */
export const DASHBOARD_ACTOR = 'dashboard';

function portOf(context: ApiContext): StrategyPort {
  const port = context.deps.strategy;
  if (!port) throw new DashboardError(404, 'Strategy and goals are not available in this dashboard');
  return port;
}

/**
 * Strategy and goals: the comparison, the draft check, applying an allocation, the pending badge, the goal and
 * the explanation. Reads need a session (or read-only access); apply and the goal's changes are actions (CSRF).
 */
export function strategyRoutes(context: ApiContext) {
  const reader = requireReader(context);
  const actor = requireActor();
  const done = (action: string, outcome: string) => {
    context.deps.onEvent?.({ type: 'action', action, outcome });
    context.changed();
  };
  return new Hono<ApiEnv>()
    .get('/strategy/compare', reader, zValidator('query', rangeQuery, badBody), async (c) =>
      c.json(await portOf(context).compare(c.req.valid('query'))),
    )
    .get('/allocation/status', reader, async (c) => c.json(await portOf(context).allocationStatus()))
    .post('/allocation/check', actor, zValidator('json', checkBody, badBody), async (c) =>
      c.json(await portOf(context).check(c.req.valid('json').weightsPct)),
    )
    .post('/allocation/apply', actor, zValidator('json', applyBody, badBody), async (c) => {
      const { check, outcome } = await portOf(context).apply(c.req.valid('json'), DASHBOARD_ACTOR);
      if (outcome === null)
        throw new DashboardError(400, `Allocation not changed: ${check.problems.join('; ')}`);
      done('allocation', outcome.kind === 'applied' ? `applied #${outcome.n}` : 'unchanged');
      return c.json(outcome);
    })
    .get('/goal', reader, async (c) => c.json(await portOf(context).readGoal()))
    .put('/goal', actor, zValidator('json', goalBody, badBody), async (c) => {
      const answer = await portOf(context).setGoal(c.req.valid('json'));
      done('goal', 'set');
      return c.json(answer);
    })
    .delete('/goal', actor, zValidator('json', emptyBody, badBody), async (c) => {
      await portOf(context).clearGoal();
      done('goal', 'cleared');
      return c.json({ review: null, method: [], valueError: null });
    })
    .get('/explain', reader, async (c) => c.json(await portOf(context).explain()));
}
