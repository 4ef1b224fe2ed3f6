import { describe, expect, it } from 'vitest';
import { findVisibleOrder, listVisibleOrders } from './sim-order-queries.ts';
import type { SimOrder } from './sim-state.ts';

const A = 'acct';

function order(id: string, fields: Partial<SimOrder> = {}): SimOrder {
  return {
    id,
    accountId: A,
    clientOrderId: `c-${id}`,
    symbol: 'SPY',
    side: 'buy',
    qty: '1',
    notional: null,
    timeInForce: 'day',
    status: 'new',
    filledQty: 0,
    filledAvgPriceUsd: null,
    createdAt: '2024-03-15T15:00:00.000Z',
    updatedAt: '2024-03-15T15:00:00.000Z',
    filledAt: null,
    canceledAt: null,
    expiredAt: null,
    failedAt: null,
    releaseAtMs: 0,
    sessionCloseMs: 0,
    partialFraction: null,
    rejectOnRelease: false,
    hiddenReads: 0,
    targetQty: null,
    reservedUsd: 0,
    positionIntent: 'buy_to_open',
    restAtMs: null,
    cancelDue: null,
    holdDue: null,
    ...fields,
  };
}

const ids = (orders: SimOrder[]) => orders.map((o) => o.id);

describe('listVisibleOrders', () => {
  const book = [
    order('1'),
    order('2', { status: 'filled', symbol: 'TLT' }),
    order('3', { symbol: 'TLT' }),
    order('4', { accountId: 'other' }),
    order('5', { hiddenReads: 1 }),
  ];

  it('lists the account’s open, visible orders newest first by default', () => {
    expect(ids(listVisibleOrders(book, A))).toEqual(['3', '1']);
  });

  it('filters by status and symbols and lists oldest first on request', () => {
    expect(ids(listVisibleOrders(book, A, { status: 'closed' }))).toEqual(['2']);
    expect(ids(listVisibleOrders(book, A, { status: 'all', direction: 'asc' }))).toEqual(['1', '2', '3']);
    expect(ids(listVisibleOrders(book, A, { status: 'all', symbols: ['TLT'] }))).toEqual(['3', '2']);
  });

  it('clamps the limit to 1…500', () => {
    const many = Array.from({ length: 600 }, (_, i) => order(String(i)));
    expect(listVisibleOrders(many, A, { limit: 0 })).toHaveLength(1);
    expect(listVisibleOrders(many, A, { limit: 10_000 })).toHaveLength(500);
    expect(listVisibleOrders(many, A)).toHaveLength(50);
  });

  it('returns copies, so callers cannot change the book', () => {
    const [listed] = listVisibleOrders(book, A);
    if (listed) listed.status = 'canceled';
    expect(book[2]?.status).toBe('new');
  });
});

describe('findVisibleOrder', () => {
  it('misses a late-visibility order for as many lookups as it has hidden reads, then finds it', () => {
    const book = [order('1', { hiddenReads: 2 })];
    expect(findVisibleOrder(book, A, { id: '1' })).toBeNull();
    expect(findVisibleOrder(book, A, { clientOrderId: 'c-1' })).toBeNull();
    expect(findVisibleOrder(book, A, { id: '1' })?.id).toBe('1');
  });

  it('finds only the account’s own orders', () => {
    const book = [order('1', { accountId: 'other' })];
    expect(findVisibleOrder(book, A, { id: '1' })).toBeNull();
  });
});
