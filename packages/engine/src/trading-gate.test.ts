import { createStateStore } from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import { createEngineHarness } from '../test/engine-harness.ts';
import type { GateFacts, GateVerdict, TradingGate } from './trading-gate.ts';

/** A gate that answers what the test says and remembers what the cycle showed it. */
function scriptedGate(cycle: GateVerdict, order: GateVerdict = cycle) {
  const seen: GateFacts[] = [];
  let orders = 0;
  const gate: TradingGate = {
    async beforeCycle(facts) {
      seen.push(facts);
      return cycle;
    },
    async beforeOrder() {
      orders += 1;
      return order;
    },
  };
  return { gate, seen, orderChecks: () => orders };
}

describe('the trading gate the app injects', () => {
  it('a refusal stops the cycle before anything is bound, reconciled or sent, with the gate code and reason', async () => {
    const harness = await createEngineHarness();
    const { gate, seen } = scriptedGate({
      kind: 'refuse',
      code: 'live-gate',
      reason: 'the live gate no longer holds: soak',
    });
    const report = await harness.restart({ gate }).runCycle({ force: true });
    expect(report).toMatchObject({
      outcome: 'refused',
      code: 'live-gate',
      reason: 'the live gate no longer holds: soak',
    });
    expect(seen).toEqual([
      { venue: 'simulator', account: expect.objectContaining({ id: expect.any(String) }) },
    ]);
    expect(harness.ownOrders()).toEqual([]);
    expect((await createStateStore({ stateDir: harness.stateDir }).load())?.payload.account).toBeNull();
  });

  it('an allowed capital cap bounds what the cycle invests (plan and risk rules alike)', async () => {
    const harness = await createEngineHarness();
    const { gate, orderChecks } = scriptedGate({ kind: 'allow', capitalCapUsd: 2_000 });
    const report = await harness.restart({ gate }).runCycle();
    expect(report.outcome).toBe('committed');
    const invested = harness.ownOrders().reduce((sum, order) => sum + Number(order.notional ?? 0), 0);
    expect(invested).toBeGreaterThan(1_900);
    expect(invested).toBeLessThanOrEqual(2_000);
    // Asked again before each of the four buys.
    expect(orderChecks()).toBe(4);
  });

  it('a gate that closes between orders stops the cycle before the next order; the intent stays for the next run', async () => {
    const harness = await createEngineHarness();
    let allowed = 2;
    const gate: TradingGate = {
      beforeCycle: async () => ({ kind: 'allow', capitalCapUsd: null }),
      beforeOrder: async () =>
        allowed-- > 0
          ? { kind: 'allow', capitalCapUsd: null }
          : { kind: 'refuse', code: 'live-gate', reason: 'live trading was disabled' },
    };
    const report = await harness.restart({ gate }).runCycle();
    expect(report).toMatchObject({ outcome: 'partial', code: 'live-gate' });
    expect(report.reason).toMatch(/live trading was disabled; no further orders$/);
    expect(harness.ownOrders()).toHaveLength(2);
  });
});
