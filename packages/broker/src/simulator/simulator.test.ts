import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLOSED_AT, createTestSimulator, NEXT_OPEN, OPEN_AT } from '../../test/fixtures.ts';
import { createSimClock } from './sim-clock.ts';
import { ALPACA_CONSISTENCY, IMMEDIATE_CONSISTENCY } from './sim-consistency.ts';
import { createFileSimStore } from './sim-file-store.ts';

const A = 'acct';

describe('simulator orders', () => {
  it('fills a market order while open and moves cash into the position', async () => {
    const { sim } = await createTestSimulator({ consistency: IMMEDIATE_CONSISTENCY });
    const price = sim.latestTrade('SPY')?.priceUsd ?? 0;
    const submitted = sim.submitOrder(A, { clientOrderId: 'c1', symbol: 'SPY', side: 'buy', qty: '10' });
    expect(submitted.ok && submitted.order.status).toBe('new');
    const order = sim.findOrder(A, { clientOrderId: 'c1' });
    expect(order?.status).toBe('filled');
    expect(order?.filledQty).toBe(10);
    const account = sim.account(A);
    expect(account.cashUsd).toBeCloseTo(100_000 - 10 * price, 1);
    expect(account.positions.map((p) => [p.symbol, p.qty])).toEqual([['SPY', 10]]);
    expect(account.equityUsd).toBeCloseTo(100_000, 1);
  });

  it('queues an order sent while closed as accepted and fills it at the next open', async () => {
    const { sim, clock } = await createTestSimulator({ at: CLOSED_AT });
    const submitted = sim.submitOrder(A, {
      clientOrderId: 'c1',
      symbol: 'SPY',
      side: 'buy',
      notional: '1000',
    });
    expect(submitted.ok && submitted.order.status).toBe('accepted');
    clock.set('2024-03-18T09:29:59-04:00');
    expect(sim.findOrder(A, { clientOrderId: 'c1' })?.status).toBe('accepted');
    clock.set('2024-03-18T12:00:00-04:00');
    const order = sim.findOrder(A, { clientOrderId: 'c1' });
    expect(order?.status).toBe('filled');
    expect(order?.filledAt).toBe(new Date(NEXT_OPEN).toISOString());
    expect(order?.filledAvgPriceUsd).toBeCloseTo(sim.prices.priceAt('SPY', Date.parse(NEXT_OPEN)) ?? 0, 3);
  });

  it.each([
    [{ clientOrderId: 'dup', symbol: 'SPY', side: 'buy', qty: '1' }, 422, 40010001, /must be unique/],
    [{ symbol: 'NOPE', side: 'buy', qty: '1' }, 422, 42210000, /asset "NOPE" not found/],
    [{ symbol: 'SPY', side: 'buy', notional: '0.5' }, 403, 40310000, /cost basis must be >= 1/],
    [{ symbol: 'SPY', side: 'buy', qty: '0.5', timeInForce: 'gtc' }, 422, 42210000, /must be DAY orders/],
    [{ symbol: 'GLD', side: 'buy', notional: '100' }, 422, 42210000, /not fractionable/],
    [
      { symbol: 'SPY', side: 'buy', qty: '1', notional: '5' },
      422,
      42210000,
      /exactly one of qty or notional/,
    ],
    [{ symbol: 'SPY', side: 'buy', notional: '200001' }, 403, 40310000, /insufficient buying power/],
    [{ symbol: 'SPY', side: 'sell', qty: '2' }, 403, 40310000, /insufficient qty available/],
    [
      { symbol: 'TLT', side: 'sell', notional: '100' },
      403,
      40310000,
      /fractional orders are not allowed to short/,
    ],
    [{ symbol: 'TLT', side: 'sell', qty: '2500' }, 403, 40310000, /insufficient buying power/],
    [{ symbol: 'SPY', side: 'buy', qty: '1', type: 'limit' }, 422, 42210000, /market orders only/],
    [{ symbol: 'SPY', side: 'buy', qty: '-1' }, 422, 42210000, /invalid qty/],
  ])('rejects %o with %i/%i', async (input, status, code, message) => {
    const { sim } = await createTestSimulator({ assets: { GLD: { fractionable: false } } });
    sim.submitOrder(A, { clientOrderId: 'dup', symbol: 'SPY', side: 'buy', qty: '1' });
    const outcome = sim.submitOrder(A, input);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.rejection).toMatchObject({ status, code });
      expect(outcome.rejection.message).toMatch(message);
    }
  });

  it('rejects an opposite-side order on a symbol with an open order (wash trade)', async () => {
    const { sim, clock } = await createTestSimulator();
    sim.submitOrder(A, { clientOrderId: 'b', symbol: 'SPY', side: 'buy', qty: '5' });
    clock.set(CLOSED_AT);
    expect(sim.submitOrder(A, { clientOrderId: 's', symbol: 'SPY', side: 'sell', qty: '1' }).ok).toBe(true);
    const wash = sim.submitOrder(A, { clientOrderId: 'b2', symbol: 'SPY', side: 'buy', qty: '1' });
    expect(!wash.ok && wash.rejection.message).toMatch(/wash trade/);
  });

  it('fills partially first, the rest a minute later, and expires a day order still open at the close', async () => {
    const { sim, clock } = await createTestSimulator({ partialFillProbability: 1 });
    sim.submitOrder(A, { clientOrderId: 'p', symbol: 'SPY', side: 'buy', qty: '100' });
    const partial = sim.findOrder(A, { clientOrderId: 'p' });
    expect(partial?.status).toBe('partially_filled');
    expect(partial?.filledQty).toBeGreaterThan(0);
    expect(partial?.filledQty).toBeLessThan(100);
    clock.advance(60_000);
    expect(sim.findOrder(A, { clientOrderId: 'p' })).toMatchObject({ status: 'filled', filledQty: 100 });

    clock.set('2024-03-15T15:59:30-04:00');
    sim.submitOrder(A, { clientOrderId: 'late', symbol: 'TLT', side: 'buy', qty: '10' });
    clock.set(CLOSED_AT);
    const expired = sim.findOrder(A, { clientOrderId: 'late' });
    expect(expired?.status).toBe('expired');
    expect(expired?.expiredAt).toBe('2024-03-15T20:00:00.000Z');
  });

  it('treats a half day as closed after 13:00 and a holiday as closed', async () => {
    const { sim, clock } = await createTestSimulator({ at: '2024-11-29T13:30:00-05:00' });
    expect(sim.marketClock()).toMatchObject({
      isOpen: false,
      nextOpenMs: Date.parse('2024-12-02T09:30:00-05:00'),
    });
    clock.set('2024-11-29T12:59:00-05:00');
    expect(sim.marketClock()).toMatchObject({
      isOpen: true,
      nextCloseMs: Date.parse('2024-11-29T13:00:00-05:00'),
    });
    clock.set('2024-07-04T11:00:00-04:00');
    expect(sim.marketClock().isOpen).toBe(false);
  });

  it('cancels all open orders and closes all positions with market sells', async () => {
    const { sim, clock } = await createTestSimulator({ consistency: IMMEDIATE_CONSISTENCY });
    sim.submitOrder(A, { clientOrderId: 'b', symbol: 'SPY', side: 'buy', qty: '3' });
    clock.set(CLOSED_AT);
    sim.submitOrder(A, { clientOrderId: 'q', symbol: 'TLT', side: 'buy', qty: '3' });
    expect(sim.cancelAllOrders(A)).toEqual([{ id: expect.any(String), status: 200 }]);
    expect(sim.findOrder(A, { clientOrderId: 'q' })?.status).toBe('canceled');
    const closed = sim.closeAllPositions(A, { cancelOrders: true });
    expect(closed.map((c) => [c.symbol, c.status, c.order?.side, c.order?.qty])).toEqual([
      ['SPY', 200, 'sell', '3'],
    ]);
    clock.set(NEXT_OPEN);
    expect(sim.account(A).positions).toEqual([]);
  });

  it('turns an async-reject order rejected and hides a late-visibility order from the first lookups', async () => {
    const { sim } = await createTestSimulator({ lateVisibilityReads: 2 });
    sim.submitOrder(A, { clientOrderId: 'r', symbol: 'SPY', side: 'buy', qty: '1' }, 'async-reject');
    expect(sim.findOrder(A, { clientOrderId: 'r' })?.status).toBe('rejected');
    sim.submitOrder(A, { clientOrderId: 'v', symbol: 'SPY', side: 'buy', qty: '1' }, 'late-visibility');
    expect(sim.findOrder(A, { clientOrderId: 'v' })).toBeNull();
    expect(sim.findOrder(A, { clientOrderId: 'v' })).toBeNull();
    expect(sim.findOrder(A, { clientOrderId: 'v' })?.status).toBe('filled');
  });

  it('keeps accounts, orders and fills across a restart through its state file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-'));
    const first = await createTestSimulator({ store: createFileSimStore(dir) });
    first.sim.submitOrder(A, { clientOrderId: 'keep', symbol: 'SPY', side: 'buy', qty: '2' });
    const cash = first.sim.account(A).cashUsd;
    // Changes are written asynchronously; adapters await this before answering, and so does a restart here.
    await first.sim.persisted();
    const second = await createTestSimulator({ store: createFileSimStore(dir) });
    expect(second.sim.account(A).cashUsd).toBe(cash);
    expect(second.sim.findOrder(A, { clientOrderId: 'keep' })?.status).toBe('filled');
    expect(second.sim.ledger().fills).toHaveLength(1);
    const again = second.sim.submitOrder(A, { clientOrderId: 'keep', symbol: 'SPY', side: 'buy', qty: '1' });
    expect(!again.ok && again.rejection.code).toBe(40010001);
    expect(second.sim.submitOrder(A, { symbol: 'SPY', side: 'buy', qty: '1' }).ok).toBe(true);
  });

  it('runs whole trading days in seconds in time-lapse', async () => {
    let wallMs = 0;
    const clock = createSimClock({
      mode: { kind: 'time-lapse', start: CLOSED_AT, speed: 20_000 },
      wallNow: () => wallMs,
    });
    const { sim } = await createTestSimulator({ clock });
    sim.submitOrder(A, { clientOrderId: 't', symbol: 'SPY', side: 'buy', qty: '1' });
    wallMs = 13_000;
    expect(clock.now().toISOString()).toBe('2024-03-18T22:13:20.000Z');
    expect(sim.findOrder(A, { clientOrderId: 't' })?.filledAt).toBe(new Date(NEXT_OPEN).toISOString());
    expect(OPEN_AT).toContain('2024-03-15');
  });

  it('charges margin interest on a debit balance at each close: debit × rate / 360 per calendar day', async () => {
    const { sim, clock } = await createTestSimulator({
      consistency: IMMEDIATE_CONSISTENCY,
      marginRatePct: 3.6,
    });
    sim.submitOrder(A, { clientOrderId: 'm', symbol: 'SPY', side: 'buy', notional: '150000' });
    const debit = -sim.account(A).cashUsd;
    expect(debit).toBeCloseTo(50_000, 0);
    clock.set(CLOSED_AT);
    expect(sim.account(A).cashUsd).toBeCloseTo(-debit - debit * 0.0001, 2);
    // Friday to Monday is three calendar days of interest, charged at Monday's close.
    clock.set('2024-03-18T17:00:00-04:00');
    const { charges } = sim.ledger();
    expect(charges.map((c) => c.at)).toEqual(['2024-03-15T20:00:00.000Z', '2024-03-18T20:00:00.000Z']);
    expect(charges[1]?.amountUsd).toBeCloseTo(-3 * (debit + debit * 0.0001) * 0.0001, 2);
    const cash = await createTestSimulator({ accountType: 'cash', consistency: IMMEDIATE_CONSISTENCY });
    cash.sim.submitOrder(A, { clientOrderId: 'c', symbol: 'SPY', side: 'buy', notional: '99000' });
    cash.clock.set('2024-03-19T17:00:00-04:00');
    expect(cash.sim.ledger().charges).toEqual([]);
  });

  it('keeps a cancel requested while closed pending until the next open, however often the account reads', async () => {
    const { sim, clock } = await createTestSimulator({ at: CLOSED_AT, consistency: ALPACA_CONSISTENCY });
    const order = sim.submitOrder(A, { clientOrderId: 'q', symbol: 'TLT', side: 'buy', qty: '3' });
    if (!order.ok) throw new Error('not accepted');
    expect(sim.cancelOrder(A, order.order.id)).toBe(204);
    for (let read = 0; read < 20; read += 1) {
      expect(sim.findOrder(A, { id: order.order.id })?.status).toBe('pending_cancel');
    }
    clock.set('2024-03-18T09:29:00-04:00');
    expect(sim.findOrder(A, { id: order.order.id })?.status).toBe('pending_cancel');
    clock.set(NEXT_OPEN);
    expect(sim.findOrder(A, { id: order.order.id })).toMatchObject({ status: 'canceled', filledQty: 0 });
  });

  it('lands a cancel under a frozen clock after a few requests of the account, not of another', async () => {
    const { sim } = await createTestSimulator({
      partialFillProbability: 1,
      consistency: { cancelLag: { ms: [3_600_000, 3_600_000], requests: [2, 2] } },
    });
    const order = sim.submitOrder(A, { clientOrderId: 'p', symbol: 'SPY', side: 'buy', qty: '10' });
    if (!order.ok) throw new Error('not accepted');
    expect(sim.cancelOrder(A, order.order.id)).toBe(204);
    sim.account('someone-else');
    sim.account('someone-else');
    expect(sim.findOrder(A, { id: order.order.id })?.status).toBe('pending_cancel');
    expect(sim.findOrder(A, { id: order.order.id })?.status).toBe('canceled');
  });

  it('shows the books at once to a settled read, while the account’s own reads still lag', async () => {
    const { sim } = await createTestSimulator({
      consistency: { fillLag: { ms: [60_000, 60_000], requests: [5, 5] } },
    });
    sim.submitOrder(A, { clientOrderId: 'b', symbol: 'SPY', side: 'buy', qty: '10' });
    expect(sim.account(A).positions).toEqual([]);
    expect(sim.account(A, { settled: true }).positions.map((p) => p.qty)).toEqual([10]);
    expect(sim.account(A).positions).toEqual([]);
  });
});
