import type { OrderRequest } from '@dalio-lite/core';
import { expect, it } from 'vitest';
import type { Broker } from '../src/broker.ts';
import { BrokerRequestError } from '../src/errors.ts';
import { IMMEDIATE_CONSISTENCY } from '../src/simulator/sim-consistency.ts';
import { type ContractContext, eventually } from './broker-contract.ts';
import { CLOSED_AT, createSettablePriceFeed } from './fixtures.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function qty(clientOrderId: string, symbol: string, side: 'buy' | 'sell', shares: string): OrderRequest {
  return { clientOrderId, symbol, side, amount: { kind: 'qty', shares } };
}

function notional(clientOrderId: string, symbol: string, side: 'buy' | 'sell', usd: string): OrderRequest {
  return { clientOrderId, symbol, side, amount: { kind: 'notional', usd } };
}

async function accepted(broker: Broker, request: OrderRequest) {
  const result = await broker.submitOrder(request);
  if (result.kind !== 'accepted') throw new Error(`${request.clientOrderId}: ${JSON.stringify(result)}`);
  return result.order;
}

/** Positions once they show `count` symbols (reads end the consistency window). */
function positionsOnce(broker: Broker, count: number) {
  return eventually(
    () => broker.getPositions(),
    (positions) => positions.length === count,
  );
}

/**
 * The rules where Alpaca differs from a kind paper broker (margin, shorts, whole-share fills, asynchronous
 * cancels, eventual consistency, last equity, listing): each adapter must show them the same way.
 */
export function describeFidelityContract(context: ContractContext): void {
  it('models a margin account: 2× buying power from the excess equity, and a buy larger than cash borrows', async () => {
    const { broker } = context;
    await accepted(broker, notional('dl-m-1', 'SPY', 'buy', '150000'));
    const account = await eventually(
      () => broker.getAccount(),
      (a) => a.cashUsd < 0,
    );
    expect(account.cashUsd).toBeCloseTo(-50_000, 0);
    expect(account.equityUsd).toBeCloseTo(100_000, 0);
    // Equity 100k less 50 % initial margin on 150k held, doubled.
    expect(account.buyingPowerUsd).toBeCloseTo(50_000, -1);
    expect(account).toMatchObject({ multiplier: 2, shortingEnabled: true });
    expect(await broker.submitOrder(notional('dl-m-2', 'SPY', 'buy', '60000'))).toMatchObject({
      kind: 'rejected',
      status: 403,
      message: 'insufficient buying power',
    });
  });

  it('models a cash account on request, and a margin account under $2,000 as 1× without shorts', async () => {
    const cash = (await context.another({ accountType: 'cash', consistency: IMMEDIATE_CONSISTENCY })).broker;
    expect(await cash.getAccount()).toMatchObject({
      buyingPowerUsd: 100_000,
      multiplier: 1,
      shortingEnabled: false,
    });
    expect(await cash.submitOrder(notional('dl-c-big', 'SPY', 'buy', '100000.01'))).toMatchObject({
      kind: 'rejected',
      status: 403,
      message: 'insufficient buying power',
    });
    expect(await cash.submitOrder(qty('dl-c-short', 'TLT', 'sell', '1'))).toMatchObject({
      kind: 'rejected',
      status: 403,
      message: 'insufficient qty available for order (requested: 1, available: 0)',
    });
    const small = (await context.another({ initialCashUsd: 1_500 })).broker;
    expect(await small.getAccount()).toMatchObject({
      buyingPowerUsd: 1_500,
      multiplier: 1,
      shortingEnabled: false,
    });
  });

  it('opens a short when selling a symbol not held, and never sells or covers through a position', async () => {
    const { broker } = context;
    await accepted(broker, qty('dl-s-1', 'TLT', 'sell', '5'));
    await accepted(broker, qty('dl-s-2', 'SPY', 'buy', '2'));
    const positions = await positionsOnce(broker, 2);
    const short = positions.find((p) => p.symbol === 'TLT');
    expect(short).toMatchObject({ qty: -5, side: 'short', qtyAvailable: -5 });
    expect(short?.marketValueUsd).toBeLessThan(0);
    expect(await broker.submitOrder(qty('dl-s-3', 'SPY', 'sell', '3'))).toMatchObject({
      kind: 'rejected',
      status: 403,
      message: 'insufficient qty available for order (requested: 3, available: 2)',
    });
    expect(await broker.submitOrder(qty('dl-s-4', 'TLT', 'sell', '0.5'))).toMatchObject({
      kind: 'rejected',
      status: 403,
      message: 'fractional orders are not allowed to short',
    });
    expect(await broker.submitOrder(qty('dl-s-5', 'TLT', 'buy', '6'))).toMatchObject({
      kind: 'rejected',
      status: 403,
      message: 'insufficient qty available for order (requested: 6, available: 5)',
    });
    await accepted(broker, qty('dl-s-6', 'TLT', 'buy', '5'));
    const after = await eventually(
      () => broker.getPositions(),
      (p) => !p.some((x) => x.symbol === 'TLT'),
    );
    expect(after.map((p) => [p.symbol, p.qty, p.side])).toEqual([['SPY', 2, 'long']]);
    // Shares held by an open sell are not available to another one.
    context.sim.clock.set(CLOSED_AT);
    await accepted(broker, qty('dl-s-7', 'SPY', 'sell', '1'));
    expect((await broker.getPositions())[0]).toMatchObject({ symbol: 'SPY', qty: 2, qtyAvailable: 1 });
    expect(await broker.submitOrder(qty('dl-s-8', 'SPY', 'sell', '2'))).toMatchObject({
      kind: 'rejected',
      message: 'insufficient qty available for order (requested: 2, available: 1)',
    });
  });

  it('fills whole-share orders in whole shares, partial fills too; slippage moves the price, never the quantity', async () => {
    const { broker, sim } = await context.another({ partialFillProbability: 1, slippageBps: 50 });
    const order = await accepted(broker, qty('dl-w-1', 'SPY', 'buy', '199'));
    const partial = await broker.getOrder(order.id);
    expect(partial?.status).toBe('partially_filled');
    expect(Number.isInteger(partial?.filledQty)).toBe(true);
    expect(partial?.filledQty).toBeGreaterThan(0);
    expect(partial?.filledQty).toBeLessThan(199);
    sim.clock.advance(60_000);
    const filled = await broker.getOrder(order.id);
    expect(filled).toMatchObject({ status: 'filled', filledQty: 199 });
    const market = sim.prices.priceAt('SPY', sim.clock.now().getTime()) ?? 0;
    expect(Math.abs((filled?.filledAvgPriceUsd ?? 0) / market - 1)).toBeLessThanOrEqual(0.0051);
    const one = await accepted(broker, qty('dl-w-2', 'TLT', 'buy', '1'));
    expect(await broker.getOrder(one.id)).toMatchObject({ status: 'filled', filledQty: 1 });
  });

  it('keeps a day order that cannot fill open until the close, then expires it', async () => {
    const prices = createSettablePriceFeed({ SPY: 100, TLT: 50, GLD: 200 });
    const { broker, sim } = await context.another({
      prices: prices.feed,
      accountType: 'cash',
      initialCashUsd: 10_000,
      partialFillProbability: 1,
      consistency: IMMEDIATE_CONSISTENCY,
    });
    const order = await accepted(broker, qty('dl-e-1', 'SPY', 'buy', '99'));
    const first = await broker.getOrder(order.id);
    // The price jumps: what is left costs more than the cash left, so it waits for cash instead of ending.
    prices.set('SPY', 120);
    sim.clock.advance(60_000);
    const waiting = await broker.getOrder(order.id);
    expect(waiting?.status).toBe('partially_filled');
    expect(Number.isInteger(waiting?.filledQty)).toBe(true);
    expect(waiting?.filledQty).toBeGreaterThanOrEqual(first?.filledQty ?? 0);
    expect(waiting?.filledQty).toBeLessThan(99);
    sim.clock.set('2024-03-15T15:59:59-04:00');
    expect((await broker.getOrder(order.id))?.status).toBe('partially_filled');
    sim.clock.set(CLOSED_AT);
    const expired = await broker.getOrder(order.id);
    expect(expired?.status).toBe('expired');
    expect((await broker.getAccount()).cashUsd).toBeGreaterThanOrEqual(0);
  });

  it('answers a cancel with "request accepted": pending_cancel for a moment, and the order may still fill', async () => {
    const { broker, sim } = await context.another({
      partialFillProbability: 1,
      consistency: { cancelLag: { ms: [30_000, 30_000], requests: [1_000, 1_000] } },
    });
    const late = await accepted(broker, qty('dl-x-1', 'SPY', 'buy', '10'));
    sim.clock.advance(40_000);
    expect(await broker.cancelOrder(late.id)).toEqual({ orderId: late.id, status: 204 });
    expect((await broker.getOrder(late.id))?.status).toBe('pending_cancel');
    expect((await broker.listOrders({ status: 'open' })).map((o) => o.id)).toEqual([late.id]);
    sim.clock.advance(30_000);
    // The rest filled at +60 s, before the cancel landed at +70 s.
    expect(await broker.getOrder(late.id)).toMatchObject({ status: 'filled', filledQty: 10 });
    const early = await accepted(broker, qty('dl-x-2', 'TLT', 'buy', '10'));
    expect(await broker.cancelOrder(early.id)).toEqual({ orderId: early.id, status: 204 });
    expect((await broker.getOrder(early.id))?.status).toBe('pending_cancel');
    sim.clock.advance(30_000);
    const canceled = await broker.getOrder(early.id);
    expect(canceled?.status).toBe('canceled');
    expect(canceled?.filledQty).toBeGreaterThan(0);
    expect(await broker.cancelOrder(early.id)).toEqual({ orderId: early.id, status: 422 });
  });

  it('keeps shares held for a moment after a sell was canceled', async () => {
    const { broker, sim } = await context.another({
      partialFillProbability: 1,
      consistency: {
        ...IMMEDIATE_CONSISTENCY,
        holdAfterCancel: { ms: [60_000, 60_000], requests: [1_000, 1_000] },
      },
    });
    await accepted(broker, qty('dl-h-1', 'SPY', 'buy', '10'));
    sim.clock.advance(60_000);
    expect((await broker.getPositions())[0]?.qty).toBe(10);
    const sell = await accepted(broker, qty('dl-h-2', 'SPY', 'sell', '10'));
    expect(await broker.cancelOrder(sell.id)).toEqual({ orderId: sell.id, status: 204 });
    const canceled = await broker.getOrder(sell.id);
    expect(canceled?.status).toBe('canceled');
    const left = 10 - (canceled?.filledQty ?? 0);
    expect(await broker.submitOrder(qty('dl-h-3', 'SPY', 'sell', String(left)))).toMatchObject({
      kind: 'rejected',
      message: `insufficient qty available for order (requested: ${left}, available: 0)`,
    });
    sim.clock.advance(60_000);
    expect((await broker.submitOrder(qty('dl-h-4', 'SPY', 'sell', String(left)))).kind).toBe('accepted');
  });

  it('cancels open orders before closing positions only when asked; held shares refuse their symbol', async () => {
    const { broker, sim } = context;
    await accepted(broker, qty('dl-l-1', 'SPY', 'buy', '2'));
    await accepted(broker, qty('dl-l-2', 'TLT', 'buy', '3'));
    await positionsOnce(broker, 2);
    sim.clock.set(CLOSED_AT);
    await accepted(broker, qty('dl-l-3', 'SPY', 'sell', '1'));
    const kept = await broker.closeAllPositions({ cancelOrders: false });
    expect(kept.map((c) => [c.symbol, c.status, c.order?.side ?? null])).toEqual([
      ['SPY', 403, null],
      ['TLT', 200, 'sell'],
    ]);
    expect((await broker.getOrderByClientOrderId('dl-l-3'))?.status).toBe('accepted');
    // Canceling at night waits for the open, so the shares stay held and nothing closes.
    const waiting = await broker.closeAllPositions();
    expect(waiting.map((c) => [c.symbol, c.status])).toEqual([
      ['SPY', 403],
      ['TLT', 403],
    ]);
    expect((await broker.listOrders({ status: 'open' })).map((o) => o.status)).toEqual([
      'pending_cancel',
      'pending_cancel',
    ]);
    sim.clock.set('2024-03-18T10:00:00-04:00');
    expect((await broker.listOrders({ status: 'open' })).length).toBe(0);
    const closed = await broker.closeAllPositions();
    expect(closed.map((c) => [c.symbol, c.status, c.order?.side])).toEqual([
      ['SPY', 200, 'sell'],
      ['TLT', 200, 'sell'],
    ]);
  });

  it('answers a POST with pending_new, and shows a fill in cash and positions only after a lag', async () => {
    const { broker } = await context.another({
      consistency: { fillLag: { ms: [60_000, 60_000], requests: [3, 3] } },
    });
    const order = await accepted(broker, qty('dl-p-1', 'SPY', 'buy', '2'));
    expect(order.status).toBe('pending_new');
    expect((await broker.getOrder(order.id))?.status).toBe('filled');
    expect((await broker.getAccount()).cashUsd).toBe(100_000);
    expect(await broker.getPositions()).toEqual([]);
    expect((await broker.getAccount()).cashUsd).toBeLessThan(100_000);
    expect((await broker.getPositions()).map((p) => p.qty)).toEqual([2]);
    const rejecting = (await context.another({ consistency: { asyncRejectProbability: 1 } })).broker;
    const doomed = await accepted(rejecting, qty('dl-p-2', 'SPY', 'buy', '1'));
    expect(doomed.status).toBe('pending_new');
    expect((await rejecting.getOrder(doomed.id))?.status).toBe('rejected');
  });

  it('keeps last equity at the previous close: a buy above that close shows no gain until the next close', async () => {
    const { broker, sim } = context;
    await accepted(broker, notional('dl-q-1', 'SPY', 'buy', '50000'));
    const during = await eventually(
      () => broker.getAccount(),
      (a) => a.cashUsd < 100_000,
    );
    expect(during.lastEquityUsd).toBe(100_000);
    sim.clock.set(CLOSED_AT);
    const atClose = await broker.getAccount();
    expect(atClose.lastEquityUsd).toBeCloseTo(atClose.equityUsd, 2);
    expect(atClose.lastEquityUsd).not.toBeCloseTo(100_000, 0);
    sim.clock.set('2024-03-18T10:00:00-04:00');
    expect((await broker.getAccount()).lastEquityUsd).toBeCloseTo(atClose.equityUsd, 2);
  });

  it('lists orders by submission time, side and symbol, and refuses a limit over 500', async () => {
    const { broker, sim } = context;
    const first = await accepted(broker, qty('dl-o-1', 'SPY', 'buy', '1'));
    sim.clock.advance(60_000);
    const second = await accepted(broker, qty('dl-o-2', 'TLT', 'buy', '1'));
    sim.clock.advance(60_000);
    const third = await accepted(broker, qty('dl-o-3', 'GLD', 'sell', '1'));
    const ids = (orders: { id: string }[]) => orders.map((o) => o.id);
    expect(ids(await broker.listOrders({ status: 'all' }))).toEqual([third.id, second.id, first.id]);
    expect(ids(await broker.listOrders({ status: 'all', after: first.createdAt }))).toEqual([
      third.id,
      second.id,
    ]);
    expect(ids(await broker.listOrders({ status: 'all', until: third.createdAt }))).toEqual([
      second.id,
      first.id,
    ]);
    expect(ids(await broker.listOrders({ status: 'all', side: 'sell' }))).toEqual([third.id]);
    expect(ids(await broker.listOrders({ status: 'all', symbols: ['TLT'] }))).toEqual([second.id]);
    const refused = await broker.listOrders({ limit: 501 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BrokerRequestError);
    expect(refused).toMatchObject({ status: 422 });
  });

  it('gives every order a UUID of its own, also across simulators started with the same seed', async () => {
    const one = await accepted(context.broker, qty('dl-u-1', 'SPY', 'buy', '1'));
    const other = (await context.another({ seed: 1 })).broker;
    const two = await accepted(other, qty('dl-u-1', 'SPY', 'buy', '1'));
    expect(one.id).toMatch(UUID);
    expect(two.id).toMatch(UUID);
    expect(two.id).not.toBe(one.id);
  });
}
