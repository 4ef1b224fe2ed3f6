import { createStateStore } from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import { createEngineHarness, type EngineHarness } from '../test/engine-harness.ts';
import { CYCLE_STEPS } from './cycle-steps.ts';

const DRIFTED = { VTI: 60_000, TLT: 20_000, GLD: 10_000, DBC: 9_000 };

/** The invariants after any scenario: each of our client ids at most once at the broker, the day committed once. */
async function expectExactlyOnce(harness: EngineHarness): Promise<void> {
  const ids = harness.ownOrders().map((order) => order.clientOrderId);
  expect(new Set(ids).size).toBe(ids.length);
  const state = await createStateStore({ stateDir: harness.stateDir }).load();
  const record = state?.payload.days['2025-03-03'];
  expect(record?.status).toBe('committed');
  expect(record?.attempt).toBe(0);
  expect(record?.plannedOrders.map((order) => order.clientOrderId).sort()).toEqual([...ids].sort());
}

class SimulatedCrash extends Error {}

describe('exactly once under failure (in process)', () => {
  it.each(CYCLE_STEPS)(
    'a cycle interrupted at %s is finished by the next run without a duplicate order',
    async (point) => {
      let armed = true;
      const harness = await createEngineHarness({
        crashPoints: (name) => {
          if (armed && name === point) {
            armed = false;
            throw new SimulatedCrash(`crash at ${name}`);
          }
        },
      });
      harness.seed(DRIFTED);
      const first = await harness.engine.runCycle();
      expect(armed).toBe(false);
      expect(first.errors.join()).toContain(`crash at ${point}`);
      const second = await harness.restart().runCycle();
      expect(['committed', 'hold']).toContain(second.outcome);
      await expectExactlyOnce(harness);
    },
  );

  it('an intent left open when the market closes is refused without piling up reasons, then closed next day', async () => {
    let armed = true;
    const harness = await createEngineHarness({
      crashPoints: (name) => {
        if (armed && name === 'after-intent-write') {
          armed = false;
          throw new SimulatedCrash('crash right after the intent');
        }
      },
    });
    harness.seed(DRIFTED);
    await harness.engine.runCycle();
    harness.simulator.clock.set('2025-03-03T20:55:00.000Z');
    for (let retry = 0; retry < 3; retry++) {
      expect(await harness.restart().runCycle()).toMatchObject({ outcome: 'refused', code: 'market-closed' });
    }
    const store = createStateStore({ stateDir: harness.stateDir });
    const reasons = (await store.load())?.payload.days['2025-03-03']?.reasons ?? [];
    expect(reasons.filter((reason) => reason.startsWith('not finished on 2025-03-03'))).toHaveLength(1);
    expect(harness.ownOrders()).toEqual([]);
    // The next trading day closes the old record (nothing was placed) and trades afresh.
    harness.simulator.clock.set('2025-03-04T15:00:00.000Z');
    const next = await harness.restart().runCycle();
    expect(next.notes.join()).toContain(
      '2025-03-03: an interrupted rebalance was reconciled with the broker and closed as failed',
    );
    expect(next.outcome).toBe('committed');
  });

  it('an order with our prefix that no local record knows is reported, not adopted or repeated', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    // As if an older state file had been restored: the broker remembers a rebalance the state does not.
    harness.simulator.submitOrder('default', {
      symbol: 'GLD',
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      notional: '150.00',
      clientOrderId: 'dl-20250228-a0-GLD-buy',
    });
    const report = await harness.engine.runCycle();
    expect(report.notes).toContain(
      'the broker has order dl-20250228-a0-GLD-buy (buy GLD, filled) that no local record knows; check the state and its backups',
    );
    expect(harness.events).toContainEqual({
      type: 'warning',
      message: expect.stringContaining('dl-20250228-a0-GLD-buy'),
    });
    expect(
      harness.ownOrders().filter((order) => order.clientOrderId === 'dl-20250228-a0-GLD-buy'),
    ).toHaveLength(1);
  });

  it('the POST answer lost after the broker accepted: the order is adopted, not sent again', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    harness.simulator.faults.next('POST /v2/orders', 'answer-lost');
    expect((await harness.engine.runCycle()).outcome).toBe('committed');
    await expectExactlyOnce(harness);
  });

  it('a timeout after the broker accepted: the order is adopted, not sent again', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    harness.simulator.faults.next('POST /v2/orders', 'timeout', 2);
    expect((await harness.engine.runCycle()).outcome).toBe('committed');
    await expectExactlyOnce(harness);
  });

  it('an order visible only after a delay is waited for within the grace period and adopted', async () => {
    let armed = true;
    const harness = await createEngineHarness({
      crashPoints: (name) => {
        if (armed && name === 'after-submit-sell') {
          armed = false;
          throw new SimulatedCrash('crash after the POST, before its answer was recorded');
        }
      },
    });
    harness.seed(DRIFTED);
    harness.simulator.faults.next('POST /v2/orders', 'late-visibility');
    await harness.engine.runCycle();
    expect((await harness.restart().runCycle()).outcome).toBe('committed');
    await expectExactlyOnce(harness);
  });

  it('a broker outage before any order fails the cycle with no order and no intent', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    harness.simulator.faults.always('GET /v2/account', '5xx', 1);
    const report = await harness.engine.runCycle();
    expect(report.outcome).toBe('failed');
    expect(harness.ownOrders()).toEqual([]);
    expect((await createStateStore({ stateDir: harness.stateDir }).load())?.payload.days).toEqual({});
    harness.simulator.faults.clear();
    expect((await harness.restart().runCycle()).outcome).toBe('committed');
  });

  it('a buy rejected after acceptance closes the day as partial with the reason', async () => {
    const harness = await createEngineHarness({
      // Once the sells are done, the next order the broker accepts turns rejected instead of filling.
      crashPoints: (name) => {
        if (name === 'after-sells-terminal') harness.simulator.faults.next('POST /v2/orders', 'async-reject');
      },
    });
    harness.seed(DRIFTED);
    const report = await harness.engine.runCycle();
    expect(report.outcome).toBe('partial');
    expect(report.reason).toMatch(
      /^Drift outside band: .*; buy \w+ \(dl-20250303-a0-\w+-buy\) did not fill completely — status rejected/,
    );
    const state = await createStateStore({ stateDir: harness.stateDir }).load();
    expect(state?.payload.days['2025-03-03']?.status).toBe('partial');
    expect(state?.payload.lastRebalance).toBeNull();
  });

  it('orders partly filled at the deadline leave the day open; the next day adopts the real fills and closes it', async () => {
    const harness = await createEngineHarness({
      settings: { fillTimeoutMs: 5_000 },
      simulator: { partialFillProbability: 1, partialFillDelayMs: 60 * 60_000 },
    });
    harness.seed(DRIFTED);
    harness.simulator.clock.advance(2 * 60 * 60_000);
    const first = await harness.engine.runCycle();
    expect(first.outcome).toBe('partial');
    expect(first.reason).toMatch(/still open or unconfirmed at the broker/);
    const store = createStateStore({ stateDir: harness.stateDir });
    expect((await store.load())?.payload.days['2025-03-03']?.status).toBe('intent');
    // The next trading day: the rest filled an hour later, and the record adopts exactly what filled.
    harness.simulator.clock.set('2025-03-04T15:00:00.000Z');
    const next = await harness.restart().runCycle();
    expect(next.notes.join()).toContain(
      '2025-03-03: an interrupted rebalance was reconciled with the broker and closed as',
    );
    const record = (await store.load())?.payload.days['2025-03-03'];
    for (const order of harness.ownOrders().filter((o) => o.clientOrderId.startsWith('dl-20250303'))) {
      const answer = record?.brokerAnswers.findLast((a) => a.clientOrderId === order.clientOrderId);
      expect(answer?.filledQty).toBe(order.filledQty);
    }
  });
});
