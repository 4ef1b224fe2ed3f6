import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Alpaca, NotFoundError, ValidationError } from '@alpacahq/alpaca-trade-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DalioSimProcess, spawnDalioSim } from './dalio-sim-process.ts';

let sim: DalioSimProcess;
let alpaca: Alpaca;
const HEADERS = {
  'APCA-API-KEY-ID': 'sdk-key',
  'APCA-API-SECRET-KEY': 'sdk-secret',
  'content-type': 'application/json',
};

async function setClock(at: string): Promise<void> {
  const response = await fetch(`${sim.url}/_sim/clock`, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify({ at }),
  });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'dalio-sim-'));
  sim = await spawnDalioSim([
    '--port',
    '0',
    '--data-dir',
    dataDir,
    '--at',
    '2024-03-15T11:00:00-04:00',
    '--non-fractionable',
    'GLD',
  ]);
  const base = sim.url;
  alpaca = new Alpaca({
    keyId: 'sdk-key',
    secret: 'sdk-secret',
    retry: false,
    rateLimit: false,
    middleware: [
      {
        pre: async ({ url, init }) => ({
          url: url.replace(/^https:\/\/[a-z.-]+\.alpaca\.markets/, base),
          init,
        }),
      },
    ],
  });
});

afterAll(async () => {
  await sim?.stop();
});

describe('the official SDK against `dalio sim` in a child process', () => {
  it('prints a 127.0.0.1 URL', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('reads the account, the clocks and the latest trades', async () => {
    const account = await alpaca.trading.account.getAccount();
    expect(account).toMatchObject({
      status: 'ACTIVE',
      cash: '100000.00',
      equity: '100000.00',
      buyingPower: '200000.00',
      multiplier: '2',
      shortingEnabled: true,
      tradingBlocked: false,
    });
    expect(account).not.toHaveProperty('pattern_day_trader');
    const legacy = await alpaca.trading.clock.legacyClock();
    expect(legacy.isOpen).toBe(true);
    expect(legacy.nextClose.toISOString()).toBe('2024-03-15T20:00:00.000Z');
    const v3 = await alpaca.trading.clock.clock();
    expect(v3.clocks[0]).toMatchObject({ isMarketDay: true, phase: 'core' });
    const spy = await alpaca.marketData.getLatestPrice('SPY');
    expect(spy).toBeGreaterThan(100);
    const trades = await alpaca.marketData.stocks.stockLatestTrades({ symbols: 'SPY,TLT' });
    expect(Object.keys(trades.trades).sort()).toEqual(['SPY', 'TLT']);
    expect(trades.trades.SPY?.p).toBe(spy);
  });

  it('places a market order, finds it by client id, and shows the position', async () => {
    const order = await alpaca.trading.orders.market({
      symbol: 'SPY',
      notional: '2500',
      side: 'buy',
      clientOrderId: 'sdk-1',
    });
    expect(order).toMatchObject({
      clientOrderId: 'sdk-1',
      status: 'pending_new',
      notional: '2500',
      type: 'market',
      positionIntent: 'buy_to_open',
    });
    expect(order.assetId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const found = await alpaca.trading.orders.getOrderByClientOrderId({ clientOrderId: 'sdk-1' });
    expect(found.status).toBe('filled');
    expect(Number(found.filledQty)).toBeGreaterThan(0);
    // Positions catch up with a fill a moment later (a few requests), as on Alpaca.
    let positions = await alpaca.trading.positions.getAllOpenPositions();
    for (let read = 0; read < 5 && positions.length === 0; read += 1) {
      positions = await alpaca.trading.positions.getAllOpenPositions();
    }
    expect(positions.map((p) => [p.symbol, p.qty, p.side, p.assetId])).toEqual([
      ['SPY', found.filledQty, 'long', order.assetId],
    ]);
  });

  it('opens a short with a sell of a symbol not held, refuses a limit over 500, and keeps GLD whole-share', async () => {
    const short = await alpaca.trading.orders.market({
      symbol: 'TLT',
      qty: 2,
      side: 'sell',
      clientOrderId: 'sdk-s',
    });
    expect(short.positionIntent).toBe('sell_to_open');
    let tlt = (await alpaca.trading.positions.getAllOpenPositions()).find((p) => p.symbol === 'TLT');
    for (let read = 0; read < 5 && !tlt; read += 1) {
      tlt = (await alpaca.trading.positions.getAllOpenPositions()).find((p) => p.symbol === 'TLT');
    }
    expect(tlt).toMatchObject({ qty: '-2', side: 'short', qtyAvailable: '-2' });
    const cover = await alpaca.trading.orders.market({
      symbol: 'TLT',
      qty: 2,
      side: 'buy',
      clientOrderId: 'sdk-c',
    });
    expect(cover.positionIntent).toBe('buy_to_close');
    const tooMany = await alpaca.trading.orders.getAllOrders({ limit: 501 }).catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(ValidationError);
    expect(
      (await alpaca.trading.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: 'GLD' })).fractionable,
    ).toBe(false);
    const fractional = await alpaca.trading.orders
      .market({ symbol: 'GLD', notional: '100', side: 'buy', clientOrderId: 'sdk-gld' })
      .catch((e: unknown) => e);
    expect(fractional).toMatchObject({ status: 422, message: 'requested asset is not fractionable' });
  });

  it('answers a duplicate client order id with ValidationError 40010001', async () => {
    const error = await alpaca.trading.orders
      .market({ symbol: 'SPY', qty: 1, side: 'buy', clientOrderId: 'sdk-1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: 422, code: 40010001, message: 'client_order_id must be unique' });
  });

  it('answers an unknown client order id with NotFoundError', async () => {
    const error = await alpaca.trading.orders
      .getOrderByClientOrderId({ clientOrderId: 'never-sent' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('accepts an order while the market is closed and fills it at the next open', async () => {
    await setClock('2024-03-15T18:00:00-04:00');
    expect((await alpaca.trading.clock.legacyClock()).isOpen).toBe(false);
    const order = await alpaca.trading.orders.market({
      symbol: 'TLT',
      qty: 4,
      side: 'buy',
      clientOrderId: 'sdk-closed',
    });
    expect(order.status).toBe('accepted');
    await setClock('2024-03-18T09:45:00-04:00');
    const filled = await alpaca.trading.orders.getOrderByClientOrderId({ clientOrderId: 'sdk-closed' });
    expect(filled).toMatchObject({ status: 'filled', filledQty: '4' });
    expect(filled.filledAt?.toISOString()).toBe('2024-03-18T13:30:00.000Z');
  });

  it('cancels all orders and closes all positions with 207 answers', async () => {
    await setClock('2024-03-18T18:00:00-04:00');
    await alpaca.trading.orders.market({ symbol: 'GLD', qty: 1, side: 'buy', clientOrderId: 'sdk-cancel' });
    const canceled = await alpaca.trading.orders.deleteAllOrders();
    expect(canceled).toEqual([{ id: expect.any(String), status: 200 }]);
    const closed = await alpaca.trading.closeAllPositions({ cancelOrders: true });
    expect(closed.map((c) => [c.symbol, c.status, c.body?.side, c.body?.status]).sort()).toEqual([
      ['SPY', 200, 'sell', 'accepted'],
      ['TLT', 200, 'sell', 'accepted'],
    ]);
  });
});
