import { createStateStore } from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import { createEngineHarness } from '../test/engine-harness.ts';
import { resumeTrading } from './halt-control.ts';

const DRIFTED = { VTI: 60_000, TLT: 20_000, GLD: 10_000, DBC: 9_000 };

describe('breakers in the cycle', () => {
  it('the drawdown pause trips at 30 % below the persisted high-water mark and stays tripped across restarts', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    const store = createStateStore({ stateDir: harness.stateDir });
    // The account once stood at $150 000; today's ~$100 000 is a 33 % drawdown.
    await store.update((payload) => ({ ...payload, highWaterMarkUsd: 150_000 }));
    const first = await harness.engine.runCycle();
    expect(first.outcome).toBe('refused');
    expect(first.reason).toMatch(/^Drawdown 33\.\d % from the high-water mark \$150000\.00/);
    expect(harness.events).toContainEqual(
      expect.objectContaining({ type: 'breaker-tripped', breaker: 'drawdown' }),
    );
    // Even after the mark is lowered by hand, the persisted pause holds until an explicit resume.
    await store.update((payload) => ({ ...payload, highWaterMarkUsd: 100_000 }));
    expect((await harness.restart().runCycle()).outcome).toBe('refused');
    expect(harness.ownOrders()).toEqual([]);
    await resumeTrading(store);
    expect((await harness.restart().runCycle()).outcome).toBe('committed');
  });

  it('the daily-loss breaker trips at a 5 % fall from the previous close and survives a restart', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    // The account reports a previous close 6 % above today's equity.
    const store = createStateStore({ stateDir: harness.stateDir });
    const equity = harness.simulator.account('default').equityUsd;
    const engine = harness.restartWith({ lastEquityUsd: equity / 0.94 });
    const first = await engine.runCycle();
    expect(first.outcome).toBe('refused');
    expect(first.reason).toMatch(/^Daily loss 6\.0 % reached the limit of 5\.0 %/);
    const next = await harness.restart().runCycle();
    expect(next.outcome).toBe('refused');
    expect(next.reason).toContain('Daily loss');
    expect((await store.load())?.payload.breakers.dailyLoss?.reason).toContain('Daily loss 6.0 %');
  });
});
