import { accountCanTrade } from '@dalio-lite/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Broker } from '../src/broker.ts';
import { ALPACA_CONSISTENCY } from '../src/simulator/sim-consistency.ts';
import type { Simulator, SimulatorOptions } from '../src/simulator/simulator.ts';
import { describeFidelityContract } from './broker-contract-fidelity.ts';
import { CLOSED_AT, createTestSimulator, NEXT_OPEN, OPEN_AT } from './fixtures.ts';

/** A broker under test and the simulator behind it (for the clock and the ledger). */
export interface ContractTarget {
  broker: Broker;
  sim: Simulator;
  accountId: string;
  close(): Promise<void>;
}

/** Build a target around a fresh simulator. */
export type ContractSetup = (sim: Simulator) => Promise<ContractTarget>;

/** Simulator options of a further target a test builds for itself (default: open market, GLD whole shares). */
export type SimulatorOverrides = Partial<Omit<SimulatorOptions, 'clock'>> & { at?: string };

/** What the tests of the contract work with: the target of the test, and more targets on request. */
export interface ContractContext {
  readonly broker: Broker;
  readonly sim: Simulator;
  /** Another target over a simulator with these options (consistency on top of Alpaca's); closed after the test. */
  another(overrides?: SimulatorOverrides): Promise<ContractTarget>;
}

/** Read until `done` holds (each read is a request, which is what ends a consistency window); never sleeps. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  reads = 10,
): Promise<T> {
  let value = await read();
  for (let attempt = 1; attempt < reads && !done(value); attempt += 1) value = await read();
  return value;
}

/** The one broker contract: every adapter must pass these same assertions. */
export function describeBrokerContract(name: string, setup: ContractSetup): void {
  describe(`broker contract: ${name}`, () => {
    let target: ContractTarget;
    let broker: Broker;
    let sim: Simulator;
    let extra: ContractTarget[] = [];
    const context: ContractContext = {
      get broker() {
        return broker;
      },
      get sim() {
        return sim;
      },
      async another(overrides = {}) {
        const created = await createTestSimulator({
          at: OPEN_AT,
          assets: { GLD: { fractionable: false } },
          ...overrides,
          consistency: { ...ALPACA_CONSISTENCY, ...overrides.consistency },
        });
        const more = await setup(created.sim);
        extra.push(more);
        return more;
      },
    };

    // The contract holds every adapter to Alpaca's full consistency model, windows included.
    beforeEach(async () => {
      const created = await createTestSimulator({
        at: OPEN_AT,
        assets: { GLD: { fractionable: false } },
        consistency: ALPACA_CONSISTENCY,
      });
      target = await setup(created.sim);
      broker = target.broker;
      sim = created.sim;
    });
    afterEach(async () => {
      for (const more of extra.reverse()) await more.close();
      extra = [];
      await target.close();
    });

    describeFidelityContract(context);

    it('reports a fresh paper account that can trade', async () => {
      const account = await broker.getAccount();
      expect(account).toMatchObject({
        status: 'ACTIVE',
        currency: 'USD',
        cashUsd: 100_000,
        equityUsd: 100_000,
        lastEquityUsd: 100_000,
      });
      // A margin account, as Alpaca opens them: twice the equity to spend.
      expect(account).toMatchObject({ buyingPowerUsd: 200_000, multiplier: 2, shortingEnabled: true });
      expect(accountCanTrade(account)).toBe(true);
      expect(await broker.getPositions()).toEqual([]);
    });

    it('reads the market clock and the calendar with half days', async () => {
      expect(await broker.getClock()).toEqual({
        timestamp: '2024-03-15T15:00:00.000Z',
        isOpen: true,
        nextOpen: '2024-03-18T13:30:00.000Z',
        nextClose: '2024-03-15T20:00:00.000Z',
      });
      sim.clock.set(CLOSED_AT);
      expect((await broker.getClock()).isOpen).toBe(false);
      expect(await broker.getCalendar({ start: '2024-11-27', end: '2024-12-02' })).toEqual([
        { date: '2024-11-27', open: '09:30', close: '16:00' },
        { date: '2024-11-29', open: '09:30', close: '13:00' },
        { date: '2024-12-02', open: '09:30', close: '16:00' },
      ]);
    });

    it('describes assets and gives latest prices', async () => {
      expect(await broker.getAsset('SPY')).toEqual({ symbol: 'SPY', tradable: true, fractionable: true });
      expect(await broker.getAsset('GLD')).toEqual({ symbol: 'GLD', tradable: true, fractionable: false });
      expect(await broker.getAsset('NOPE')).toBeNull();
      const prices = await broker.getLatestPrices(['SPY', 'TLT']);
      expect(prices.map((p) => p.symbol)).toEqual(['SPY', 'TLT']);
      expect(prices[0]?.priceUsd).toBeCloseTo(sim.prices.priceAt('SPY', Date.parse(OPEN_AT)) ?? 0, 3);
      expect(prices[0]?.at).toBe('2024-03-15T15:00:00.000Z');
    });

    it('reads adjusted daily bars of the sessions closed so far, by symbol then date', async () => {
      // Friday 11:00: the week's bars up to Thursday exist, Friday's session has not closed yet.
      const bars = await broker.getDailyBars({
        symbols: ['TLT', 'SPY'],
        start: '2024-03-08',
        end: '2024-03-15',
      });
      const days = ['2024-03-08', '2024-03-11', '2024-03-12', '2024-03-13', '2024-03-14'];
      expect(bars.map((bar) => `${bar.symbol} ${bar.date}`)).toEqual([
        ...days.map((day) => `SPY ${day}`),
        ...days.map((day) => `TLT ${day}`),
      ]);
      // The adjusted closes of the bundled history (SPY.csv, TLT.csv), at the simulator's 4 decimals.
      expect(bars.find((bar) => bar.symbol === 'SPY' && bar.date === '2024-03-14')).toMatchObject({
        open: 505.0102,
        close: 504.0119,
        high: 505.0102,
        low: 504.0119,
      });
      expect(bars.find((bar) => bar.symbol === 'TLT' && bar.date === '2024-03-12')?.close).toBe(89.0942);
      expect(await broker.getDailyBars({ symbols: ['SPY'], start: '2024-03-16', end: '2024-03-17' })).toEqual(
        [],
      );
    });

    it('fills a notional buy while open and shows the position', async () => {
      const result = await broker.submitOrder({
        clientOrderId: 'dl-c-1',
        symbol: 'SPY',
        side: 'buy',
        amount: { kind: 'notional', usd: '1000.00' },
      });
      expect(result.kind).toBe('accepted');
      if (result.kind !== 'accepted') return;
      expect(result.order).toMatchObject({ clientOrderId: 'dl-c-1', status: 'pending_new', filledQty: 0 });
      expect(result.order.amount).toEqual({ kind: 'notional', usd: '1000.00' });
      const order = await broker.getOrderByClientOrderId('dl-c-1');
      expect(order?.status).toBe('filled');
      expect((order?.filledQty ?? 0) * (order?.filledAvgPriceUsd ?? 0)).toBeCloseTo(1000, 1);
      expect((await broker.getOrder(result.order.id))?.clientOrderId).toBe('dl-c-1');
      const [position] = await eventually(
        () => broker.getPositions(),
        (positions) => positions.length > 0,
      );
      expect(position).toMatchObject({ symbol: 'SPY', side: 'long' });
      expect(position?.qty).toBeCloseTo(order?.filledQty ?? 0, 8);
      const account = await eventually(
        () => broker.getAccount(),
        (a) => a.cashUsd < 100_000,
      );
      expect(account.cashUsd).toBeCloseTo(99_000, 1);
    });

    it('queues an order while closed as accepted and fills it at the next open', async () => {
      sim.clock.set(CLOSED_AT);
      const result = await broker.submitOrder({
        clientOrderId: 'dl-c-2',
        symbol: 'TLT',
        side: 'buy',
        amount: { kind: 'qty', shares: '3' },
      });
      expect(result.kind === 'accepted' && result.order.status).toBe('accepted');
      expect((await broker.listOrders({ status: 'open' })).map((o) => o.clientOrderId)).toEqual(['dl-c-2']);
      sim.clock.set('2024-03-18T10:00:00-04:00');
      const order = await broker.getOrderByClientOrderId('dl-c-2');
      expect(order).toMatchObject({
        status: 'filled',
        filledQty: 3,
        filledAt: new Date(NEXT_OPEN).toISOString(),
      });
      expect(await broker.listOrders({ status: 'open' })).toEqual([]);
      expect((await broker.listOrders({ status: 'closed' })).map((o) => o.clientOrderId)).toEqual(['dl-c-2']);
    });

    it('reports a duplicate client order id as already existing, and keeps one order', async () => {
      const request = {
        clientOrderId: 'dl-dup',
        symbol: 'SPY',
        side: 'buy' as const,
        amount: { kind: 'qty' as const, shares: '1' },
      };
      expect((await broker.submitOrder(request)).kind).toBe('accepted');
      expect(await broker.submitOrder(request)).toEqual({ kind: 'already-exists', clientOrderId: 'dl-dup' });
      expect(sim.ledger().orders.filter((o) => o.clientOrderId === 'dl-dup')).toHaveLength(1);
    });

    it('reports business rejections with status, code and message', async () => {
      const broke = await broker.submitOrder({
        clientOrderId: 'dl-big',
        symbol: 'SPY',
        side: 'buy',
        amount: { kind: 'notional', usd: '500000' },
      });
      expect(broke).toEqual({
        kind: 'rejected',
        status: 403,
        code: 40310000,
        message: 'insufficient buying power',
      });
      const fractional = await broker.submitOrder({
        clientOrderId: 'dl-gld',
        symbol: 'GLD',
        side: 'buy',
        amount: { kind: 'notional', usd: '100' },
      });
      expect(fractional).toMatchObject({
        kind: 'rejected',
        status: 422,
        message: 'requested asset is not fractionable',
      });
    });

    it('returns null for orders it does not know', async () => {
      expect(await broker.getOrderByClientOrderId('dl-never-sent')).toBeNull();
      expect(await broker.getOrder('00000000-0000-4000-a000-000000000000')).toBeNull();
    });

    it('cancels all open orders and closes all positions', async () => {
      await broker.submitOrder({
        clientOrderId: 'dl-b',
        symbol: 'SPY',
        side: 'buy',
        amount: { kind: 'qty', shares: '2' },
      });
      sim.clock.set(CLOSED_AT);
      await broker.submitOrder({
        clientOrderId: 'dl-q',
        symbol: 'TLT',
        side: 'buy',
        amount: { kind: 'qty', shares: '2' },
      });
      const canceled = await broker.cancelAllOrders();
      expect(canceled).toHaveLength(1);
      expect(canceled[0]?.status).toBe(200);
      // While the market is closed a cancel waits for the open, and lands before the order could trade.
      expect((await broker.getOrderByClientOrderId('dl-q'))?.status).toBe('pending_cancel');
      const closed = await broker.closeAllPositions();
      expect(closed.map((c) => [c.symbol, c.status, c.order?.side, c.order?.status])).toEqual([
        ['SPY', 200, 'sell', 'accepted'],
      ]);
      sim.clock.set('2024-03-18T10:00:00-04:00');
      expect(await broker.getOrderByClientOrderId('dl-q')).toMatchObject({
        status: 'canceled',
        filledQty: 0,
      });
      expect(
        await eventually(
          () => broker.getPositions(),
          (p) => p.length === 0,
        ),
      ).toEqual([]);
      const account = await eventually(
        () => broker.getAccount(),
        (a) => Math.abs(a.equityUsd - a.cashUsd) < 0.005,
      );
      expect(account.equityUsd).toBeCloseTo(account.cashUsd, 2);
    });
  });
}
