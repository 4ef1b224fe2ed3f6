import { computeDrift, findBreaches } from '@dalio-lite/core';
import { createStateStore } from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import { createEngineHarness, MONDAY_10AM } from '../test/engine-harness.ts';

const DRIFTED = { VTI: 60_000, TLT: 20_000, GLD: 10_000, DBC: 9_000 };

function holdingsOf(harness: Awaited<ReturnType<typeof createEngineHarness>>) {
  const account = harness.simulator.account('default');
  return {
    cashUsd: account.cashUsd,
    holdings: account.positions.map((position) => ({
      symbol: position.symbol,
      qty: position.qty,
      priceUsd: position.currentPriceUsd,
    })),
  };
}

describe('rebalance cycle on the in-process simulator', () => {
  it('rebalances a drifted portfolio: sells first, buys after the sells filled, ends within the band, committed', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    const report = await harness.engine.runCycle();
    expect(report).toMatchObject({ outcome: 'committed', day: '2025-03-03' });
    const orders = harness.ownOrders();
    expect(orders[0]).toMatchObject({
      side: 'sell',
      symbol: 'VTI',
      clientOrderId: 'dl-20250303-a0-VTI-sell',
    });
    expect(
      orders
        .slice(1)
        .map((order) => `${order.side} ${order.symbol}`)
        .sort(),
    ).toEqual(['buy DBC', 'buy GLD', 'buy TLT']);
    const lastSellFill = Math.max(
      ...orders.filter((o) => o.side === 'sell').map((o) => Date.parse(o.filledAt ?? '')),
    );
    const firstBuy = Math.min(...orders.filter((o) => o.side === 'buy').map((o) => Date.parse(o.createdAt)));
    expect(lastSellFill).toBeLessThanOrEqual(firstBuy);
    expect(orders.every((order) => order.status === 'filled')).toBe(true);
    const drift = computeDrift(holdingsOf(harness), harness.settings.targets);
    expect(findBreaches(drift.symbols, harness.settings.policy)).toEqual([]);
    const state = await createStateStore({ stateDir: harness.stateDir }).load();
    expect(state?.payload.lastRebalance?.day).toBe('2025-03-03');
    expect(state?.payload.days['2025-03-03']?.status).toBe('committed');
  });

  it('a second run on the same trading day places nothing and says why', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    await harness.engine.runCycle();
    const before = harness.ownOrders().length;
    const again = await harness.restart().runCycle({ force: true });
    expect(again.outcome).toBe('hold');
    expect(again.reason).toMatch(/^Already rebalanced on 2025-03-03 \(status committed\)/);
    expect(harness.ownOrders()).toHaveLength(before);
  });

  it('--force --again trades a new attempt with new client order ids', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    await harness.engine.runCycle();
    harness.seed({ VTI: -15_000 });
    const again = await harness.engine.runCycle({ force: true, again: true });
    expect(again.outcome).toBe('committed');
    expect(again.orders.every((order) => order.clientOrderId.includes('-a1-'))).toBe(true);
    // The day's record now holds attempt 1; attempt 0's orders are known from the history, so the next
    // cycle flags nothing as foreign.
    harness.simulator.clock.set('2025-03-04T15:00:00.000Z');
    const next = await harness.engine.runCycle();
    expect(next.notes.filter((note) => note.includes('no local record knows'))).toEqual([]);
  });

  it('places nothing while the market is closed and says why', async () => {
    const harness = await createEngineHarness({ at: '2025-03-01T15:00:00.000Z' });
    harness.seed(DRIFTED);
    const report = await harness.engine.runCycle();
    expect(report.outcome).toBe('refused');
    expect(report.reason).toMatch(/^The market is closed/);
    expect(harness.ownOrders()).toEqual([]);
  });

  it('places nothing in the last minutes before the close', async () => {
    const harness = await createEngineHarness({ at: '2025-03-03T20:50:00.000Z' });
    harness.seed(DRIFTED);
    const report = await harness.engine.runCycle();
    expect(report.reason).toMatch(/The market closes in 10 minutes/);
    expect(harness.ownOrders()).toEqual([]);
  });

  it('holds inside the band and records the hold in the history', async () => {
    const harness = await createEngineHarness();
    harness.seed({ VTI: 40_000, TLT: 30_000, GLD: 20_000, DBC: 9_500 });
    const report = await harness.engine.runCycle();
    expect(report).toMatchObject({ outcome: 'hold', decision: { kind: 'hold', code: 'within-band' } });
    expect(harness.ownOrders()).toEqual([]);
  });

  it('a halted system places nothing', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    const store = createStateStore({ stateDir: harness.stateDir });
    await store.update((payload) => ({ ...payload, halt: { since: MONDAY_10AM, reason: 'operator test' } }));
    const report = await harness.engine.runCycle();
    expect(report.outcome).toBe('refused');
    expect(report.reason).toContain('Trading is halted since 2025-03-03T15:00:00.000Z: operator test');
    // --force --again overrides the policy and the once-per-day guard, never the halt.
    expect(await harness.engine.runCycle({ force: true, again: true })).toMatchObject({
      outcome: 'refused',
      code: 'halted',
    });
    expect(harness.ownOrders()).toEqual([]);
  });
});
