import { toDecimalString, toUsdString } from '../decimal.ts';
import { formatNewYork, formatNewYorkHhMm, type SessionWindow } from '../simulator/market-hours.ts';
import { assetIdFor } from '../simulator/sim-ids.ts';
import type { SimAsset } from '../simulator/sim-order-rules.ts';
import type { SimOrder } from '../simulator/sim-state.ts';
import type { SimAccountView, SimClockView, SimPositionView } from '../simulator/simulator.ts';

/** A JSON body as Alpaca sends it (snake_case keys, decimal strings). */
export type WireBody = Record<string, unknown>;

const price = (usd: number) => toDecimalString(usd, 4);

/** Alpaca's order object. */
export function wireOrder(order: SimOrder): WireBody {
  return {
    id: order.id,
    client_order_id: order.clientOrderId,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    submitted_at: order.createdAt,
    filled_at: order.filledAt,
    expired_at: order.expiredAt,
    canceled_at: order.canceledAt,
    failed_at: order.failedAt,
    replaced_at: null,
    replaced_by: null,
    replaces: null,
    asset_id: assetIdFor(order.symbol),
    symbol: order.symbol,
    asset_class: 'us_equity',
    notional: order.notional,
    qty: order.qty,
    filled_qty: toDecimalString(order.filledQty, 9),
    filled_avg_price: order.filledAvgPriceUsd === null ? null : price(order.filledAvgPriceUsd),
    order_class: '',
    order_type: 'market',
    type: 'market',
    side: order.side,
    position_intent: order.positionIntent,
    time_in_force: order.timeInForce,
    limit_price: null,
    stop_price: null,
    status: order.status,
    extended_hours: false,
    legs: null,
    trail_percent: null,
    trail_price: null,
    hwm: null,
    expires_at: null,
  };
}

/** Alpaca's account object; the pattern-day-trader fields Alpaca retired are left out. */
export function wireAccount(account: SimAccountView): WireBody {
  return {
    id: account.id,
    account_number: `SIM${account.id
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 12)
      .toUpperCase()}`,
    status: 'ACTIVE',
    crypto_status: 'INACTIVE',
    currency: 'USD',
    cash: toUsdString(account.cashUsd),
    equity: toUsdString(account.equityUsd),
    portfolio_value: toUsdString(account.equityUsd),
    last_equity: toUsdString(account.lastEquityUsd),
    balance_asof:
      account.lastEquityAtMs === null
        ? null
        : new Date(account.lastEquityAtMs).toLocaleDateString('en-CA', { timeZone: 'America/New_York' }),
    buying_power: toUsdString(account.buyingPowerUsd),
    regt_buying_power: toUsdString(account.regtBuyingPowerUsd),
    non_marginable_buying_power: toUsdString(account.nonMarginableBuyingPowerUsd),
    long_market_value: toUsdString(account.longMarketValueUsd),
    short_market_value: toUsdString(account.shortMarketValueUsd),
    initial_margin: toUsdString(account.initialMarginUsd),
    maintenance_margin: toUsdString(account.maintenanceMarginUsd),
    last_maintenance_margin: toUsdString(account.maintenanceMarginUsd),
    multiplier: String(account.multiplier),
    sma: '0.00',
    accrued_fees: '0.00',
    pending_transfer_in: '0.00',
    pending_transfer_out: '0.00',
    shorting_enabled: account.shortingEnabled,
    trading_blocked: false,
    account_blocked: false,
    transfers_blocked: false,
    trade_suspended_by_user: false,
    created_at: account.createdAt,
  };
}

/** Alpaca's position object; a short one has negative `qty`, `market_value` and `cost_basis`. */
export function wirePosition(p: SimPositionView): WireBody {
  const unrealized = p.marketValueUsd - p.costBasisUsd;
  const intraday = p.qty * (p.currentPriceUsd - p.lastdayPriceUsd);
  return {
    asset_id: assetIdFor(p.symbol),
    symbol: p.symbol,
    exchange: 'ARCA',
    asset_class: 'us_equity',
    asset_marginable: true,
    avg_entry_price: price(p.avgEntryPriceUsd),
    qty: toDecimalString(p.qty, 9),
    qty_available: toDecimalString(p.qtyAvailable, 9),
    side: p.side,
    market_value: toUsdString(p.marketValueUsd),
    cost_basis: toUsdString(p.costBasisUsd),
    unrealized_pl: toUsdString(unrealized),
    unrealized_plpc: toDecimalString(p.costBasisUsd !== 0 ? unrealized / Math.abs(p.costBasisUsd) : 0, 6),
    unrealized_intraday_pl: toUsdString(intraday),
    unrealized_intraday_plpc: toDecimalString(
      p.lastdayPriceUsd > 0 ? Math.sign(p.qty) * (p.currentPriceUsd / p.lastdayPriceUsd - 1) : 0,
      6,
    ),
    current_price: price(p.currentPriceUsd),
    lastday_price: price(p.lastdayPriceUsd),
    change_today: toDecimalString(p.lastdayPriceUsd > 0 ? p.currentPriceUsd / p.lastdayPriceUsd - 1 : 0, 6),
  };
}

/** `GET /v2/clock`. */
export function wireLegacyClock(clock: SimClockView): WireBody {
  return {
    timestamp: formatNewYork(clock.nowMs),
    is_open: clock.isOpen,
    next_open: formatNewYork(clock.nextOpenMs),
    next_close: formatNewYork(clock.nextCloseMs),
  };
}

/** `GET /v3/clock`: one clock for the NYSE. */
export function wireClock(clock: SimClockView, isMarketDay: boolean): WireBody {
  return {
    clocks: [
      {
        market: {
          acronym: 'NYSE',
          mic: 'XNYS',
          name: 'New York Stock Exchange',
          timezone: 'America/New_York',
        },
        is_market_day: isMarketDay,
        phase: clock.isOpen ? 'core' : 'closed',
        phase_until: formatNewYork(clock.isOpen ? clock.nextCloseMs : clock.nextOpenMs),
        next_market_open: formatNewYork(clock.nextOpenMs),
        next_market_close: formatNewYork(clock.nextCloseMs),
        timestamp: formatNewYork(clock.nowMs),
      },
    ],
  };
}

/** One `GET /v2/calendar` entry. */
export function wireCalendarDay(session: SessionWindow): WireBody {
  return {
    date: session.date,
    open: formatNewYorkHhMm(session.openMs),
    close: formatNewYorkHhMm(session.closeMs),
    session_open: '0400',
    session_close: '2000',
    settlement_date: session.date,
  };
}

/** `GET /v2/assets/{symbol}`. */
export function wireAsset(asset: SimAsset): WireBody {
  return {
    id: assetIdFor(asset.symbol),
    class: 'us_equity',
    exchange: 'ARCA',
    symbol: asset.symbol,
    name: asset.symbol,
    status: 'active',
    tradable: asset.tradable,
    marginable: true,
    shortable: asset.shortable,
    easy_to_borrow: asset.easyToBorrow,
    fractionable: asset.fractionable,
    attributes: [],
  };
}

/** A market-data trade. */
export function wireTrade(trade: { priceUsd: number; atMs: number }): WireBody {
  return {
    t: new Date(trade.atMs).toISOString(),
    x: 'V',
    p: Number(trade.priceUsd.toFixed(4)),
    s: 100,
    c: ['@'],
    i: 1,
    z: 'B',
  };
}
