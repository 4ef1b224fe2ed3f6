import type {
  Account,
  AssetInfo,
  BrokerVenue,
  CalendarDay,
  LatestPrice,
  MarketClock,
  Order,
  OrderRequest,
  OrderSide,
  Position,
} from '@dalio-lite/core';

/** What submitting an order led to; the engine branches on `kind` and reconciles `unknown` by client order id. */
export type SubmitOrderResult =
  | { kind: 'accepted'; order: Order }
  | { kind: 'already-exists'; clientOrderId: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'rejected'; status: number; code: number | string | null; message: string };

/** Which orders `listOrders` returns: not yet terminal, terminal, or both. */
export type OrderListStatus = 'open' | 'closed' | 'all';

/** Filters for `listOrders`; newest first. */
export interface ListOrdersQuery {
  status?: OrderListStatus;
  /** At most this many (1–500, default 50); the broker refuses more with 422. */
  limit?: number;
  /** Only orders submitted after this instant (ISO 8601, exclusive). */
  after?: string;
  /** Only orders submitted before this instant (ISO 8601, exclusive). */
  until?: string;
  side?: OrderSide;
  symbols?: readonly string[];
}

/** How `closeAllPositions` goes about it. */
export interface CloseAllOptions {
  /** Ask to cancel every open order first (default true); a position whose shares are still held is refused. */
  cancelOrders?: boolean;
}

/** One item of a bulk cancel: the order and the HTTP-like status the broker gave it (200 = canceled). */
export interface CancelOutcome {
  orderId: string;
  status: number;
}

/** One item of a bulk close: the symbol, its status, and the closing order when one was placed. */
export interface CloseOutcome {
  symbol: string;
  status: number;
  order: Order | null;
}

/** One symbol's bar for one trading day, prices adjusted for splits and dividends (Alpaca `adjustment=all`). */
export interface DailyBar {
  symbol: string;
  /** The New York trading day, `YYYY-MM-DD`. */
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Shares traded (0 from the simulator, which replays closes only). */
  volume: number;
}

/** Which daily bars to read: symbols and an inclusive range of New York dates. */
export interface DailyBarsQuery {
  symbols: readonly string[];
  start: string;
  end: string;
}

/** The broker port: everything the engine, the apps and the demo need from a brokerage account. */
export interface Broker {
  /** Where the account lives: the built-in simulator, or Alpaca's paper or live API. */
  readonly venue: BrokerVenue;
  getAccount(): Promise<Account>;
  getPositions(): Promise<Position[]>;
  getClock(): Promise<MarketClock>;
  /** Trading sessions between two ISO dates, inclusive. */
  getCalendar(range: { start: string; end: string }): Promise<CalendarDay[]>;
  /** Null when the broker does not know the symbol. */
  getAsset(symbol: string): Promise<AssetInfo | null>;
  getLatestPrices(symbols: readonly string[]): Promise<LatestPrice[]>;
  /** Adjusted daily bars, by symbol then date; a symbol without bars in the range has none in the answer. */
  getDailyBars(query: DailyBarsQuery): Promise<DailyBar[]>;
  /** Never retried: an ambiguous failure is `unknown`, a duplicate client order id is `already-exists`. */
  submitOrder(request: OrderRequest): Promise<SubmitOrderResult>;
  /** Null when the broker does not (yet) show the order; a miss is not proof the order does not exist. */
  getOrderByClientOrderId(clientOrderId: string): Promise<Order | null>;
  getOrder(orderId: string): Promise<Order | null>;
  listOrders(query?: ListOrdersQuery): Promise<Order[]>;
  /** Ask the broker to cancel one order; the order may still fill until it reports a terminal status. */
  cancelOrder(orderId: string): Promise<CancelOutcome>;
  cancelAllOrders(): Promise<CancelOutcome[]>;
  /**
   * Asks to cancel open orders first (unless `cancelOrders: false`), then closes every position at market: sells
   * longs, buys back shorts. Cancels land asynchronously, so shares they still hold make that symbol's item a 403.
   */
  closeAllPositions(options?: CloseAllOptions): Promise<CloseOutcome[]>;
}
