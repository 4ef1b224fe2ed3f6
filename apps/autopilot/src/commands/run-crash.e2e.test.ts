import { CYCLE_STEPS } from '@dalio-lite/engine';
import { createStateStore } from '@dalio-lite/state';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SimChild, startSimChild } from '../../test/child-processes.ts';
import { DRIFTED, type E2eScenario, MONDAY_10AM, startScenario } from '../../test/e2e-scenario.ts';

// Exactly once under failure: a child `dalio run` SIGKILLed at a named step, then `dalio run` again.
/** Short broker timings so the fault scenarios do not wait 30 s. */
const FAST_BROKER = 'broker:\n  orderTimeoutMs: 2000\n  lookupGraceMs: 6000\n  fillTimeoutMs: 20000\n';

// Each scenario trades its own account and state directory, so they run side by side and their waits overlap.
vi.setConfig({ maxConcurrency: 4 });

let sim: SimChild;
let accounts = 0;
beforeAll(async () => {
  sim = await startSimChild({ at: MONDAY_10AM });
});
afterAll(async () => {
  await sim.stop();
});

async function scenario(): Promise<E2eScenario> {
  const s = await startScenario({
    at: MONDAY_10AM,
    sim,
    keyId: `crash-${process.pid}-${accounts++}`,
    configYaml: FAST_BROKER,
  });
  await s.seed(DRIFTED);
  return s;
}

/** I1 and I2: every client id once at the broker, the planned ids are exactly those, the day committed once. */
async function expectExactlyOnce(s: E2eScenario): Promise<void> {
  const orders = await s.ownOrders();
  const ids = orders.map((order) => order.clientOrderId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBeGreaterThan(0);
  const state = await createStateStore({ stateDir: s.stateDir }).load();
  const record = state?.payload.days['2025-03-03'];
  expect(record).toMatchObject({ status: 'committed', attempt: 0 });
  expect(record?.plannedOrders.map((order) => order.clientOrderId).sort()).toEqual([...ids].sort());
  expect(state?.payload.lastRebalance?.day).toBe('2025-03-03');
}

/** Every named step of the cycle, and the third recorded answer (a buy's) for a crash between buys. */
const ENGINE_STEPS = [...CYCLE_STEPS, 'after-answer-recorded:3'];
/** Steps inside the durable writes of the intent and of later answers (the n-th state write of the cycle). */
const WRITE_STEPS = [
  'before-rename:2',
  'after-rename-before-dir-fsync:2',
  'after-temp-write-before-fsync:4',
  'before-seq-marker-write:3',
];

describe.concurrent('dalio run killed with SIGKILL, then run again', () => {
  it.each([...ENGINE_STEPS, ...WRITE_STEPS])(
    'row 11: killed at %s: each planned order at most once, the day committed once',
    async (step) => {
      const s = await scenario();
      const killed = await s.dalio(['run'], { DALIO_CRASH_AT: step });
      expect(killed.signal).toBe('SIGKILL');
      const again = await s.dalio(['run', '--wait', '--json']);
      expect(again.stderr).toBe('');
      expect(['committed', 'hold']).toContain(JSON.parse(again.stdout).outcome);
      await expectExactlyOnce(s);
    },
  );
});

// Faults are queued on the shared simulator: these scenarios run one at a time so each fault hits its own order.
describe('dalio run under broker faults', () => {
  it('row 2: the POST answer lost after the broker accepted: adopted, never sent twice', async () => {
    const s = await scenario();
    await sim.admin('POST', '/faults', { route: 'POST /v2/orders', fault: 'answer-lost' });
    const child = await s.dalio(['run', '--json', '--verbose']);
    expect(JSON.parse(child.stdout).outcome).toBe('committed');
    expect(child.stderr).toContain('"type":"order-ambiguous","clientOrderId":"dl-20250303-a0-VTI-sell"');
    await expectExactlyOnce(s);
  });

  it('row 3: a timeout after the broker accepted: adopted, never sent twice', async () => {
    const s = await scenario();
    await sim.admin('POST', '/faults', { route: 'POST /v2/orders', fault: 'timeout' });
    const child = await s.dalio(['run', '--json', '--verbose']);
    expect(JSON.parse(child.stdout).outcome).toBe('committed');
    expect(child.stderr).toContain('"type":"order-ambiguous","clientOrderId":"dl-20250303-a0-VTI-sell"');
    await expectExactlyOnce(s);
  });

  it('row 4: an order visible only late, after a crash before its answer was recorded: found within the grace period', async () => {
    const s = await scenario();
    await sim.admin('POST', '/faults', { route: 'POST /v2/orders', fault: 'late-visibility' });
    expect((await s.dalio(['run'], { DALIO_CRASH_AT: 'after-submit-sell' })).signal).toBe('SIGKILL');
    // The sell exists at the broker but a lookup by its client order id does not show it yet.
    expect((await s.ownOrders()).map((order) => order.clientOrderId)).toEqual(['dl-20250303-a0-VTI-sell']);
    expect(await s.broker.getOrderByClientOrderId('dl-20250303-a0-VTI-sell')).toBeNull();
    const again = await s.dalio(['run', '--wait', '--json']);
    expect(JSON.parse(again.stdout).outcome).toBe('committed');
    await expectExactlyOnce(s);
  });
});

describe('races', () => {
  it('10 `dalio run` processes started together place one set of orders', async () => {
    const s = await scenario();
    const runs = await Promise.all(Array.from({ length: 10 }, () => s.dalio(['run', '--json'])));
    const outcomes = runs.map((run) => (JSON.parse(run.stdout) as { outcome?: string }).outcome);
    expect(outcomes.filter((outcome) => outcome === 'committed')).toHaveLength(1);
    // Everyone else was turned away by the lock or found the day done; anything else is shown in full.
    const unexpected = runs.filter((_, i) => !['committed', 'busy', 'hold'].includes(outcomes[i] ?? ''));
    expect(unexpected.map((run) => `${run.stdout}${run.stderr}`)).toEqual([]);
    await expectExactlyOnce(s);
  });
});
