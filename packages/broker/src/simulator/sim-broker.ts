import type { Order, Position } from '@dalio-lite/core';
import type { Broker, SubmitOrderResult } from '../broker.ts';
import { checkDailyBarsQuery } from '../daily-bars-query.ts';
import { BrokerRequestError, BrokerResponseError, BrokerUnavailableError } from '../errors.ts';
import { formatNewYorkHhMm } from './market-hours.ts';
import { parseListParams } from './sim-order-queries.ts';
import type { SimOrder } from './sim-state.ts';
import type { Simulator } from './simulator.ts';

/** Options of the in-process broker: the simulator and whose account to trade. */
export interface SimulatorBrokerOptions {
  simulator: Simulator;
  accountId?: string;
}

/** A simulator order in core's terms. */
export function toCoreOrder(order: SimOrder): Order {
  return {
    id: order.id,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    amount:
      order.qty !== null
        ? { kind: 'qty', shares: order.qty }
        : { kind: 'notional', usd: order.notional ?? '0' },
    status: order.status,
    filledQty: order.filledQty,
    filledAvgPriceUsd: order.filledAvgPriceUsd,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    filledAt: order.filledAt,
  };
}

/**
 * The Broker port straight on the in-process simulator (no HTTP): fast, deterministic engine tests.
 * Faults scheduled on the simulator's plan apply here too, with the outcomes the Alpaca adapter reports.
 */
export function createSimulatorBroker(options: SimulatorBrokerOptions): Broker {
  const sim = options.simulator;
  const accountId = options.accountId ?? 'default';
  // An answer is given only once the change behind it is on disk: a caller told "accepted" must find the order
  // after a crash. A failed write is what the HTTP server's 500 becomes in the Alpaca adapter.
  const persisted = async (route: string): Promise<void> => {
    try {
      await sim.persisted();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BrokerUnavailableError(`simulator could not save its state after ${route}: ${reason}`, {
        status: 500,
        cause: error,
      });
    }
  };
  const read = async <T>(route: string, run: () => T): Promise<T> => {
    const [method = 'GET', path = '/'] = route.split(' ');
    const fault = sim.faults.take(method, path);
    if (fault === '5xx' || fault === '429' || fault === 'reset') {
      throw new BrokerUnavailableError(`simulator fault ${fault} on ${route}`);
    }
    let value: T;
    try {
      value = run();
    } finally {
      // Reads catch up with the clock and may fill orders: persist that too, even when the read then fails.
      await persisted(route);
    }
    if (fault === 'malformed')
      throw new BrokerResponseError(`simulator answered ${route} with a malformed body`);
    if (fault === 'timeout' || fault === 'answer-lost') {
      throw new BrokerUnavailableError(`simulator fault ${fault} on ${route}`);
    }
    return value;
  };

  return {
    venue: 'simulator',
    getAccount: () =>
      read('GET /v2/account', () => {
        const a = sim.account(accountId);
        return {
          id: a.id,
          status: 'ACTIVE',
          currency: 'USD',
          cashUsd: a.cashUsd,
          equityUsd: a.equityUsd,
          lastEquityUsd: a.lastEquityUsd,
          buyingPowerUsd: a.buyingPowerUsd,
          multiplier: a.multiplier,
          shortingEnabled: a.shortingEnabled,
          tradingBlocked: false,
          accountBlocked: false,
          tradeSuspendedByUser: false,
        };
      }),
    getPositions: () =>
      read('GET /v2/positions', () =>
        sim.account(accountId).positions.map(
          (p): Position => ({
            symbol: p.symbol,
            qty: p.qty,
            side: p.side,
            qtyAvailable: p.qtyAvailable,
            marketValueUsd: p.marketValueUsd,
            currentPriceUsd: p.currentPriceUsd,
            avgEntryPriceUsd: p.avgEntryPriceUsd,
          }),
        ),
      ),
    getClock: () =>
      read('GET /v2/clock', () => {
        const c = sim.marketClock();
        return {
          timestamp: new Date(c.nowMs).toISOString(),
          isOpen: c.isOpen,
          nextOpen: new Date(c.nextOpenMs).toISOString(),
          nextClose: new Date(c.nextCloseMs).toISOString(),
        };
      }),
    getCalendar: ({ start, end }) =>
      read('GET /v2/calendar', () =>
        sim.calendar(start, end).map((s) => ({
          date: s.date,
          open: formatNewYorkHhMm(s.openMs),
          close: new Date(s.closeMs)
            .toLocaleTimeString('en-GB', { timeZone: 'America/New_York' })
            .slice(0, 5),
        })),
      ),
    getAsset: (symbol) =>
      read(`GET /v2/assets/${symbol}`, () => {
        const asset = sim.asset(symbol);
        return asset && { symbol: asset.symbol, tradable: asset.tradable, fractionable: asset.fractionable };
      }),
    getLatestPrices: (symbols) =>
      read('GET /v2/stocks/trades/latest', () =>
        symbols.map((symbol) => {
          const trade = sim.latestTrade(symbol);
          if (!trade) throw new BrokerResponseError(`no latest trade for ${symbol} in the simulator`);
          return { symbol, priceUsd: trade.priceUsd, at: new Date(trade.atMs).toISOString() };
        }),
      ),
    getDailyBars: async (query) => {
      const symbols = checkDailyBarsQuery(query);
      return read('GET /v2/stocks/bars', () =>
        symbols.flatMap((symbol) => sim.dailyBars(symbol, query.start, query.end) ?? []),
      );
    },
    async submitOrder(request): Promise<SubmitOrderResult> {
      const fault = sim.faults.take('POST', '/v2/orders');
      if (fault === '5xx' || fault === '429' || fault === 'reset') {
        return { kind: 'unknown', reason: `simulator fault ${fault} before the order was processed` };
      }
      const outcome = sim.submitOrder(
        accountId,
        {
          clientOrderId: request.clientOrderId,
          symbol: request.symbol,
          side: request.side,
          type: 'market',
          timeInForce: 'day',
          qty: request.amount.kind === 'qty' ? request.amount.shares : null,
          notional: request.amount.kind === 'notional' ? request.amount.usd : null,
        },
        fault === 'late-visibility' || fault === 'async-reject' ? fault : undefined,
      );
      try {
        await sim.persisted();
      } catch (error) {
        // The order may exist in memory but not on disk: ambiguous, exactly like a 500 from the server.
        const reason = error instanceof Error ? error.message : String(error);
        return { kind: 'unknown', reason: `simulator could not save the order: ${reason}` };
      }
      if (fault === 'timeout' || fault === 'answer-lost' || fault === 'malformed') {
        return { kind: 'unknown', reason: `simulator fault ${fault}: the answer did not arrive intact` };
      }
      if (outcome.ok) return { kind: 'accepted', order: toCoreOrder(outcome.order) };
      const { status, code, message } = outcome.rejection;
      if (code === 40010001 && /client_order_id must be unique/.test(message)) {
        return { kind: 'already-exists', clientOrderId: request.clientOrderId };
      }
      return { kind: 'rejected', status, code, message };
    },
    getOrderByClientOrderId: (clientOrderId) =>
      read('GET /v2/orders:by_client_order_id', () => {
        const order = sim.findOrder(accountId, { clientOrderId });
        return order ? toCoreOrder(order) : null;
      }),
    getOrder: (orderId) =>
      read(`GET /v2/orders/${orderId}`, () => {
        const order = sim.findOrder(accountId, { id: orderId });
        return order ? toCoreOrder(order) : null;
      }),
    listOrders: (query = {}) =>
      read('GET /v2/orders', () => {
        const parsed = parseListParams({ ...query, symbols: query.symbols });
        if (!parsed.ok) {
          const { status, code, message } = parsed.rejection;
          throw new BrokerRequestError(`list orders: ${message}`, { status, code });
        }
        return sim.listOrders(accountId, parsed.query).map(toCoreOrder);
      }),
    cancelOrder: (orderId) =>
      read(`DELETE /v2/orders/${orderId}`, () => ({ orderId, status: sim.cancelOrder(accountId, orderId) })),
    cancelAllOrders: () =>
      read('DELETE /v2/orders', () =>
        sim.cancelAllOrders(accountId).map((c) => ({ orderId: c.id, status: c.status })),
      ),
    closeAllPositions: (options = {}) =>
      read('DELETE /v2/positions', () =>
        sim.closeAllPositions(accountId, { cancelOrders: options.cancelOrders ?? true }).map((c) => ({
          symbol: c.symbol,
          status: c.status,
          order: c.order ? toCoreOrder(c.order) : null,
        })),
      ),
  };
}
