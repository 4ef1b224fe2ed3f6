import type { Broker } from '@dalio-lite/broker';
import { DEFAULT_POLICY, evaluateRebalance, type LatestPrice } from '@dalio-lite/core';
import {
  createStateStore,
  type DayRecord,
  type PersistedPlannedOrder,
  type RebalanceLock,
  type StateStore,
} from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import {
  constantPriceFeed,
  createEngineHarness,
  type EngineHarness,
  MONDAY_10AM,
} from '../test/engine-harness.ts';
import { previewCycle } from './cycle-preview.ts';
import { haltTrading } from './halt-control.ts';

// One test per defect found by the engine review (issue "Engine correctness"), each written to fail on the
// code as the review found it.

const DRIFTED = { VTI: 60_000, TLT: 20_000, GLD: 10_000, DBC: 9_000 };
const PRICES = { VTI: 100.005, TLT: 88.93, GLD: 187.61, DBC: 21.37, AAPL: 201.5 };
const WHOLE = {
  plan: {
    cashReserveUsd: 0,
    cashReservePct: 0.005,
    minTradeUsd: 100,
    tradeTo: 'target',
    nonTargetHoldings: 'ignore',
    wholeShares: true,
  },
} as const;

class SimulatedCrash extends Error {}

function crashOnceAt(step: string) {
  let armed = true;
  return (name: string) => {
    if (armed && name === step) {
      armed = false;
      throw new SimulatedCrash(`crash at ${name}`);
    }
  };
}

async function loadState(harness: EngineHarness) {
  return (await createStateStore({ stateDir: harness.stateDir }).load())?.payload;
}

/** Shares bought per symbol by our own orders. */
function boughtQty(harness: EngineHarness): Record<string, number> {
  const qty: Record<string, number> = {};
  for (const order of harness.ownOrders()) {
    if (order.side === 'buy') qty[order.symbol] = (qty[order.symbol] ?? 0) + order.filledQty;
  }
  return qty;
}

/** Whole-share symbols still under target after the cycle whose one share would fit in the idle cash. */
function affordableUnderTarget(harness: EngineHarness, symbols: readonly string[]) {
  const account = harness.simulator.account('default');
  const reserveUsd =
    harness.settings.plan.cashReserveUsd + harness.settings.plan.cashReservePct * account.equityUsd;
  const investableUsd = account.equityUsd - reserveUsd;
  const idleUsd = account.cashUsd - reserveUsd;
  return symbols.filter((symbol) => {
    const position = account.positions.find((p) => p.symbol === symbol);
    const priceUsd = harness.simulator.latestTrade(symbol)?.priceUsd ?? Number.NaN;
    const valueUsd = position?.marketValueUsd ?? 0;
    const goalUsd = investableUsd * (harness.settings.targets[symbol] ?? 0);
    return valueUsd < goalUsd && priceUsd <= idleUsd;
  });
}

/** A Monday intent whose one buy leg was being sent (a "sending" marker) when the process stopped. */
function sendingIntent(leg: PersistedPlannedOrder): DayRecord {
  return {
    day: '2025-03-03',
    status: 'intent',
    attempt: 0,
    plannedOrders: [leg],
    brokerAnswers: [
      {
        clientOrderId: leg.clientOrderId,
        at: MONDAY_10AM,
        orderId: null,
        status: null,
        filledQty: null,
        filledAvgPriceUsd: null,
        error: null,
      },
    ],
    reasons: ['test'],
    reserveUsd: null,
    cashAtIntentUsd: null,
    startedAt: MONDAY_10AM,
    updatedAt: MONDAY_10AM,
    finishedAt: null,
  };
}

/** A broker whose prices tick up by `bumpUsd` after the first price read of the cycle. */
function uptickAfterFirstRead(bumpUsd: number) {
  return (broker: Broker): Broker => {
    let reads = 0;
    return {
      ...broker,
      async getLatestPrices(symbols) {
        const prices = await broker.getLatestPrices(symbols);
        reads++;
        return reads === 1
          ? prices
          : prices.map((p): LatestPrice => ({ ...p, priceUsd: p.priceUsd + bumpUsd }));
      },
    };
  };
}

describe('1. whole-share buys lose a share on resize', () => {
  it('a fresh account buys every planned share and leaves no whole share of an under-target symbol in idle cash', async () => {
    const harness = await createEngineHarness({ prices: constantPriceFeed(PRICES), settings: WHOLE });
    const report = await harness.engine.runCycle();
    expect(report.outcome).toBe('committed');
    const plan = evaluateRebalance({
      snapshot: { cashUsd: 100_000, holdings: [], pricesUsd: PRICES },
      targets: harness.settings.targets,
      policy: harness.settings.policy,
      plan: { ...harness.settings.plan, wholeShareSymbols: new Set(Object.keys(harness.settings.targets)) },
      today: '2025-03-03',
      lastRebalanceDay: null,
    }).plan;
    const bought = boughtQty(harness);
    for (const buy of plan?.buys ?? []) expect(bought[buy.symbol]).toBeGreaterThanOrEqual(buy.estimatedQty);
    expect(affordableUnderTarget(harness, Object.keys(harness.settings.targets))).toEqual([]);
  });

  it('40 shares at $250.00 stay 40 after a one-cent uptick when the cash pays for them', async () => {
    const harness = await createEngineHarness({
      prices: constantPriceFeed({ TLT: 250 }),
      cashUsd: 10_100,
      settings: { ...WHOLE, targets: { TLT: 1 } },
    });
    const report = await harness.restart({ broker: uptickAfterFirstRead(0.01) }).runCycle();
    expect(report.outcome).toBe('committed');
    expect(report.orders.map((order) => order.amount)).toEqual([{ kind: 'qty', shares: '40' }]);
  });

  it('a one-share leg is bought after a one-cent uptick, not skipped', async () => {
    const harness = await createEngineHarness({
      prices: constantPriceFeed({ TLT: 250, GLD: 150 }),
      cashUsd: 10_050,
      settings: { ...WHOLE, targets: { TLT: 0.5, GLD: 0.5 } },
    });
    harness.seed({ TLT: 5_000, GLD: 4_800 });
    const report = await harness.restart({ broker: uptickAfterFirstRead(0.01) }).runCycle({ force: true });
    expect(report.outcome).toBe('committed');
    expect(report.orders).toEqual([
      expect.objectContaining({ symbol: 'GLD', amount: { kind: 'qty', shares: '1' } }),
    ]);
  });

  it('a non-fractionable asset with wholeShares off keeps its planned shares and leaves no share idle', async () => {
    // A price with a fraction of a cent, so the planned value rounds down to whole cents.
    const harness = await createEngineHarness({
      prices: constantPriceFeed({ ...PRICES, GLD: 187.6101 }),
      simulator: { assets: { GLD: { fractionable: false } } },
    });
    const report = await harness.engine.runCycle();
    expect(report.outcome).toBe('committed');
    const gld = report.orders.find((order) => order.symbol === 'GLD');
    const plannedQty = Math.floor((100_000 * 0.995 * 0.2) / 187.6101);
    expect(Number(gld?.amount.kind === 'qty' ? gld.amount.shares : 0)).toBeGreaterThanOrEqual(plannedQty);
    expect(affordableUnderTarget(harness, ['GLD'])).toEqual([]);
  });
});

describe('2. orders after the close, and a next day that trades on top of them', () => {
  it('no order is submitted inside the close buffer, even when the sells fill late', async () => {
    const harness = await createEngineHarness({
      settings: { fillTimeoutMs: 20 * 60_000 },
      simulator: { partialFillProbability: 1, partialFillDelayMs: 8 * 60_000 },
    });
    harness.seed(DRIFTED);
    harness.simulator.clock.set('2025-03-03T20:40:00.000Z'); // 15:40 New York, 20 minutes before the close
    await harness.engine.runCycle();
    const bufferStartMs = Date.parse('2025-03-03T20:45:00.000Z');
    expect(harness.ownOrders().length).toBeGreaterThan(0);
    for (const order of harness.ownOrders())
      expect(Date.parse(order.createdAt)).toBeLessThanOrEqual(bufferStartMs);
  });

  it('the next day does not plan while an order of an earlier day is still open at the broker', async () => {
    const harness = await createEngineHarness({
      settings: { fillTimeoutMs: 30 * 60_000, policy: { ...DEFAULT_POLICY, minDaysBetween: 0 } },
      simulator: { partialFillProbability: 1, partialFillDelayMs: 10 * 60_000 },
    });
    const store = createStateStore({ stateDir: harness.stateDir });
    const leg = {
      clientOrderId: 'dl-20250303-a0-TLT-buy',
      symbol: 'TLT',
      side: 'buy' as const,
      amount: { kind: 'notional' as const, usd: '25000.00' },
      estimatedValueUsd: 25_000,
    };
    await store.update((payload) => ({
      ...payload,
      days: {
        '2025-03-03': sendingIntent(leg),
      },
    }));
    // The buy was sent after Monday's close, so it queued for Tuesday's open, where it fills in two parts.
    harness.simulator.clock.set('2025-03-03T21:30:00.000Z');
    const queued = harness.simulator.submitOrder('default', {
      symbol: 'TLT',
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      notional: '25000.00',
      clientOrderId: leg.clientOrderId,
    });
    expect(queued.ok).toBe(true);
    harness.simulator.clock.set('2025-03-04T14:30:00.000Z');
    await harness.engine.runCycle();
    harness.simulator.clock.advance(60 * 60_000);
    const account = harness.simulator.account('default');
    const tlt = account.positions.find((p) => p.symbol === 'TLT')?.marketValueUsd ?? 0;
    // 30 % is TLT's target; buying the same shortfall twice would make it about 55 %.
    expect(tlt / account.equityUsd).toBeLessThan(0.32);
    expect((await loadState(harness))?.days['2025-03-03']?.status).not.toBe('intent');
  });

  it('lastRebalance never moves back when an older day is reconciled as committed', async () => {
    const harness = await createEngineHarness({ at: MONDAY_10AM });
    const leg = {
      clientOrderId: 'dl-20250303-a0-VTI-buy',
      symbol: 'VTI',
      side: 'buy' as const,
      amount: { kind: 'notional' as const, usd: '1000.00' },
      estimatedValueUsd: 1_000,
    };
    const bought = harness.simulator.submitOrder('default', {
      symbol: 'VTI',
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      notional: '1000.00',
      clientOrderId: leg.clientOrderId,
    });
    expect(bought.ok).toBe(true);
    await createStateStore({ stateDir: harness.stateDir }).update((payload) => ({
      ...payload,
      lastRebalance: { day: '2025-03-04', at: '2025-03-04T15:10:00.000Z' },
      days: {
        '2025-03-03': sendingIntent(leg),
      },
    }));
    harness.simulator.clock.set('2025-03-05T15:00:00.000Z');
    await harness.engine.runCycle();
    const state = await loadState(harness);
    expect(state?.days['2025-03-03']?.status).toBe('committed');
    expect(state?.lastRebalance?.day).toBe('2025-03-04');
  });
});

describe('3. holdings the user chose to ignore can block every cycle', () => {
  it('an ignored holding with no price, and one with a stale price, do not stop the cycle', async () => {
    const harness = await createEngineHarness({ cashUsd: 110_000 });
    harness.seed({ ...DRIFTED, AAPL: 5_000 });
    const report = await harness
      .restart({
        broker: (broker) => ({
          ...broker,
          async getPositions() {
            const positions = await broker.getPositions();
            return [
              ...positions,
              { symbol: 'XYZ', qty: 10, marketValueUsd: 0, currentPriceUsd: 0, avgEntryPriceUsd: 5 },
            ];
          },
          async getLatestPrices(symbols) {
            const prices = await broker.getLatestPrices(symbols.filter((symbol) => symbol !== 'XYZ'));
            return prices.map((p) => (p.symbol === 'AAPL' ? { ...p, at: '2025-02-20T20:00:00.000Z' } : p));
          },
        }),
      })
      .runCycle();
    expect(report.outcome).toBe('committed');
    expect(report.notes.join('\n')).toContain('XYZ');
  });

  it('the maximum weight and the capital cap apply to the managed sleeve, not to ignored holdings', async () => {
    const harness = await createEngineHarness({
      cashUsd: 250_000,
      settings: {
        risk: {
          maxDailyLoss: 0.05,
          maxDrawdown: 0.3,
          maxOrderUsd: null,
          maxTurnover: null,
          maxWeight: 0.5,
          capitalCapUsd: 150_000,
        },
      },
    });
    harness.seed({ ...DRIFTED, AAPL: 140_000 });
    const report = await harness.engine.runCycle();
    expect(report.reason).not.toMatch(/Risk limits/);
    expect(report.outcome).toBe('committed');
  });
});

describe('4. the simulator state can steer a real account', () => {
  it('a cycle against a different broker account refuses, naming both accounts', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    expect((await harness.engine.runCycle()).outcome).toBe('committed');
    harness.simulator.clock.set('2025-03-04T15:00:00.000Z');
    const report = await harness.restartWith({ id: 'someone-else' }).runCycle();
    expect(report.outcome).toBe('refused');
    expect(report.reason).toContain('someone-else');
    expect(report.reason).toContain('default');
  });

  it('an open intent of one account is never continued or reconciled against another', async () => {
    const harness = await createEngineHarness({ crashPoints: crashOnceAt('after-intent-write') });
    harness.seed(DRIFTED);
    await harness.engine.runCycle();
    const before = (await loadState(harness))?.days['2025-03-03'];
    expect(before?.status).toBe('intent');
    const report = await harness.restartWith({ id: 'alpaca-paper-account' }).runCycle();
    expect(report.outcome).toBe('refused');
    expect(harness.ownOrders()).toEqual([]);
    expect((await loadState(harness))?.days['2025-03-03']).toEqual(before);
  });
});

describe('5. the lock does not fence a paused process', () => {
  it('a process that resumes after another took over changes nothing and stops with a clear error', async () => {
    let other: Promise<unknown> | null = null;
    const harness: EngineHarness = await createEngineHarness({
      crashPoints: async (name) => {
        if (name !== 'before-intent-write' || other) return;
        // Paused here past the stale time: a second process takes the lock over and trades the day.
        const takeover: RebalanceLock = {
          lockPath: 'takeover',
          acquire: async () => ({
            kind: 'acquired',
            lock: {
              compromised: false,
              compromisedReason: null,
              released: false,
              assertHeld() {},
              async release() {},
            },
          }),
          withLock: async () => ({ kind: 'busy', holder: null }),
        };
        other = harness.restart({ lock: takeover }).runCycle();
        expect(await other).toMatchObject({ outcome: 'committed' });
      },
    });
    harness.seed(DRIFTED);
    const committedBy = async () => (await loadState(harness))?.days['2025-03-03'];
    const paused = await harness.engine.runCycle();
    const record = await committedBy();
    expect(record?.status).toBe('committed');
    expect(paused.outcome).not.toBe('committed');
    expect(paused.reason).toMatch(/another process/i);
    const ids = harness.ownOrders().map((order) => order.clientOrderId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(record?.plannedOrders.map((order) => order.clientOrderId).sort()).toEqual([...ids].sort());
  });
});

describe('6. two corrupt files read as empty', () => {
  it('the first-run initial save never overwrites a state another process created meanwhile', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    await createStateStore({ stateDir: harness.stateDir }).update((payload) => ({
      ...payload,
      halt: { since: MONDAY_10AM, reason: 'set by another process' },
    }));
    const report = await harness
      .restart({
        store: (store): StateStore => {
          let first = true;
          return {
            ...store,
            async load() {
              if (!first) return store.load();
              first = false;
              return null;
            },
          };
        },
      })
      .runCycle();
    expect(report.outcome).toBe('refused');
    expect(harness.ownOrders()).toEqual([]);
    expect((await loadState(harness))?.halt?.reason).toBe('set by another process');
  });
});

describe("7. continuing today's open intent skips the checks", () => {
  it('an intraday drop that trips the daily-loss breaker stops the remaining legs; the record stays open with the reason', async () => {
    const harness = await createEngineHarness({ crashPoints: crashOnceAt('after-intent-write') });
    harness.seed(DRIFTED);
    await harness.engine.runCycle();
    const equityUsd = harness.simulator.account('default').equityUsd;
    const report = await harness.restartWith({ lastEquityUsd: equityUsd / 0.93 }).runCycle();
    expect(report.outcome).toBe('refused');
    expect(harness.ownOrders()).toEqual([]);
    const record = await loadState(harness).then((state) => state?.days['2025-03-03']);
    expect(record?.status).toBe('intent');
    expect(record?.reasons.join('\n')).toMatch(/Daily loss/);
  });

  it('an account that cannot trade any more stops the remaining legs', async () => {
    const harness = await createEngineHarness({ crashPoints: crashOnceAt('after-intent-write') });
    harness.seed(DRIFTED);
    await harness.engine.runCycle();
    const report = await harness.restartWith({ tradingBlocked: true }).runCycle();
    expect(report.outcome).toBe('refused');
    expect(harness.ownOrders()).toEqual([]);
  });

  it('the dry run says a run would continue the open intent, not "already rebalanced"', async () => {
    const harness = await createEngineHarness({ crashPoints: crashOnceAt('after-intent-write') });
    harness.seed(DRIFTED);
    await harness.engine.runCycle();
    const preview = await previewCycle(
      harness.broker,
      createStateStore({ stateDir: harness.stateDir }),
      harness.settings,
    );
    expect(JSON.stringify(preview)).not.toMatch(/Already rebalanced/);
    expect(JSON.stringify(preview)).toMatch(/continue/i);
  });
});

describe('8. two different cash reserves', () => {
  it('with an ignored holding, the buys spend down to the plan reserve, not to a reserve on total equity', async () => {
    const harness = await createEngineHarness({
      settings: {
        plan: {
          cashReserveUsd: 0,
          cashReservePct: 0.01,
          minTradeUsd: 100,
          tradeTo: 'target',
          nonTargetHoldings: 'ignore',
          wholeShares: false,
        },
      },
      cashUsd: 150_000,
    });
    harness.seed({ ...DRIFTED, AAPL: 50_000 });
    expect((await harness.engine.runCycle()).outcome).toBe('committed');
    const account = harness.simulator.account('default');
    const aapl = account.positions.find((p) => p.symbol === 'AAPL')?.marketValueUsd ?? 0;
    const planReserveUsd = 0.01 * (account.equityUsd - aapl);
    expect(account.cashUsd - planReserveUsd).toBeLessThan(1);
  });
});

describe('9. smaller', () => {
  it('after an ambiguous POST, a 403 on the resend is looked up by client order id before it counts as a rejection', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    const target = 'dl-20250303-a0-GLD-buy';
    let sends = 0;
    let hiddenLookups = 6;
    const report = await harness
      .restart({
        broker: (broker) => ({
          ...broker,
          async submitOrder(request) {
            if (request.clientOrderId !== target) return broker.submitOrder(request);
            sends++;
            if (sends === 1) {
              await broker.submitOrder(request);
              return { kind: 'unknown', reason: 'connection reset after the request was sent' };
            }
            return { kind: 'rejected', status: 403, code: 40310000, message: 'insufficient buying power' };
          },
          async getOrderByClientOrderId(id) {
            if (id === target && hiddenLookups > 0) {
              hiddenLookups--;
              return null;
            }
            return broker.getOrderByClientOrderId(id);
          },
        }),
      })
      .runCycle();
    expect(sends).toBe(2);
    expect(report.outcome).toBe('committed');
  });

  it('halt --liquidate cancels an order that raced in while it was liquidating', async () => {
    // Cancels land two requests after they are asked for, as at Alpaca ("request accepted", then canceled).
    const harness = await createEngineHarness({
      cashUsd: 150_000,
      simulator: {
        partialFillProbability: 1,
        partialFillDelayMs: 30 * 60_000,
        consistency: { cancelLag: { ms: [60_000, 60_000], requests: [2, 2] } },
      },
    });
    harness.seed(DRIFTED);
    harness.simulator.clock.advance(31 * 60_000);
    const racing: Broker = {
      ...harness.broker,
      async closeAllPositions() {
        const closed = await harness.broker.closeAllPositions();
        // A cycle that passed its halt check just before the halt lands its order now.
        const raced = await harness.broker.submitOrder({
          clientOrderId: 'dl-20250303-a0-AAPL-buy',
          symbol: 'AAPL',
          side: 'buy',
          amount: { kind: 'notional', usd: '500.00' },
        });
        expect(raced.kind).toBe('accepted');
        return closed;
      },
    };
    await haltTrading(createStateStore({ stateDir: harness.stateDir }), racing, {
      reason: 'test',
      cancelOrders: false,
      liquidate: true,
      now: new Date(MONDAY_10AM),
      sleep: harness.sleep,
    });
    const open = await harness.broker.listOrders({ status: 'open' });
    expect(open.filter((order) => order.clientOrderId.startsWith('dl-'))).toEqual([]);
  });
});
