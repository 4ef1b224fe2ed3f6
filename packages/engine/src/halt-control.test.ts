import { createSimulatorBroker } from '@dalio-lite/broker';
import { createStateStore } from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import { createEngineHarness } from '../test/engine-harness.ts';
import { haltTrading, resumeTrading } from './halt-control.ts';

describe('halt and resume', () => {
  it('halt persists across restarts and blocks every cycle until resume', async () => {
    const harness = await createEngineHarness();
    harness.seed({ VTI: 60_000, TLT: 20_000, GLD: 10_000, DBC: 9_000 });
    const store = createStateStore({ stateDir: harness.stateDir });
    await haltTrading(store, null, {
      reason: 'going on holiday',
      cancelOrders: false,
      liquidate: false,
      now: new Date('2025-03-03T14:00:00Z'),
    });
    expect((await harness.restart().runCycle()).outcome).toBe('refused');
    expect((await harness.restart().runCycle()).reason).toContain('going on holiday');
    expect(harness.ownOrders()).toEqual([]);
    expect(await resumeTrading(store)).toEqual({ cleared: ['halt (going on holiday)'] });
    expect((await harness.restart().runCycle()).outcome).toBe('committed');
  });

  it('halt --liquidate sells every position at the broker', async () => {
    const harness = await createEngineHarness();
    harness.seed({ VTI: 10_000, GLD: 5_000 });
    const store = createStateStore({ stateDir: harness.stateDir });
    const outcome = await haltTrading(store, createSimulatorBroker({ simulator: harness.simulator }), {
      reason: 'emergency',
      cancelOrders: true,
      liquidate: true,
      now: new Date('2025-03-03T15:00:00Z'),
    });
    expect(outcome.closed.map((item) => item.symbol).sort()).toEqual(['GLD', 'VTI']);
    harness.simulator.clock.advance(60_000);
    expect(harness.simulator.account('default').positions).toEqual([]);
  });

  it('halt --liquidate while one of our sells is still working waits for its cancel and closes that position too', async () => {
    const harness = await createEngineHarness({
      simulator: {
        partialFillProbability: 1,
        partialFillDelayMs: 60 * 60_000,
        consistency: { cancelLag: { ms: [60_000, 60_000], requests: [2, 2] } },
      },
    });
    harness.seed({ VTI: 10_000, GLD: 5_000 });
    harness.simulator.clock.advance(61 * 60_000);
    const broker = createSimulatorBroker({ simulator: harness.simulator });
    // A rebalance's sell of VTI: partly filled, the rest an hour away.
    const working = await broker.submitOrder({
      clientOrderId: 'dl-20250303-a0-VTI-sell',
      symbol: 'VTI',
      side: 'sell',
      amount: { kind: 'qty', shares: '30' },
    });
    expect(working.kind).toBe('accepted');
    const outcome = await haltTrading(createStateStore({ stateDir: harness.stateDir }), broker, {
      reason: 'emergency',
      cancelOrders: true,
      liquidate: true,
      now: new Date('2025-03-03T16:01:00Z'),
      sleep: harness.sleep,
    });
    expect(outcome.unclosed).toEqual([]);
    harness.simulator.clock.advance(2 * 60 * 60_000);
    expect(harness.simulator.account('default', { settled: true }).positions).toEqual([]);
  });
});
