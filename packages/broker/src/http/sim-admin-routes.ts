import { Hono } from 'hono';
import { FAULT_KINDS, type FaultKind } from '../simulator/fault-plan.ts';
import type { Simulator } from '../simulator/simulator.ts';

/** Control routes under `/_sim` (not part of Alpaca's API): move the clock, schedule faults, read the ledger. */
export function createSimulatorAdminRoutes(sim: Simulator): Hono {
  const admin = new Hono();
  admin.get('/clock', (c) => c.json({ now: sim.clock.now().toISOString() }));
  admin.post('/clock', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { at?: unknown; advanceMs?: unknown } | null;
    if (typeof body?.at === 'string' && !Number.isNaN(Date.parse(body.at))) sim.clock.set(body.at);
    else if (typeof body?.advanceMs === 'number' && body.advanceMs >= 0) sim.clock.advance(body.advanceMs);
    else
      return c.json(
        { code: 42210000, message: 'send {"at": "<RFC 3339 time>"} or {"advanceMs": <ms ≥ 0>}' },
        422,
      );
    return c.json({ now: sim.clock.now().toISOString() });
  });
  admin.post('/faults', async (c) => {
    const body = (await c.req.json().catch(() => null)) as {
      route?: unknown;
      fault?: unknown;
      times?: unknown;
      probability?: unknown;
    } | null;
    const fault = body?.fault as FaultKind;
    if (typeof body?.route !== 'string' || !FAULT_KINDS.includes(fault)) {
      return c.json(
        {
          code: 42210000,
          message: `send {"route": "POST /v2/orders", "fault": one of ${FAULT_KINDS.join(', ')}}`,
        },
        422,
      );
    }
    if (typeof body.probability === 'number') sim.faults.always(body.route, fault, body.probability);
    else sim.faults.next(body.route, fault, typeof body.times === 'number' ? body.times : 1);
    return c.json({ ok: true });
  });
  admin.delete('/faults', (c) => {
    sim.faults.clear();
    return c.json({ ok: true });
  });
  admin.get('/ledger', (c) => c.json(sim.ledger()));
  return admin;
}
