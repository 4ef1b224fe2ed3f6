/**
 * Broker-facing domain types. Every adapter (Alpaca, the simulator) speaks these; money and
 * quantities are plain numbers inside the system and exact decimal strings on the wire.
 */

/** Buy or sell. */
export type OrderSide = 'buy' | 'sell';

/** Where a broker account lives: the built-in paper simulator, or Alpaca's paper or live API. */
export const BROKER_VENUES = ['simulator', 'alpaca-paper', 'alpaca-live'] as const;

/** One broker venue; a state directory belongs to one account at one venue. */
export type BrokerVenue = (typeof BROKER_VENUES)[number];

/** Every order status Alpaca can report (its SDK's `OrderStatus` enum); schemas validate against this list. */
export const ORDER_STATUSES = [
  'new',
  'accepted',
  'pending_new',
  'accepted_for_bidding',
  'partially_filled',
  'filled',
  'done_for_day',
  'canceled',
  'expired',
  'replaced',
  'pending_cancel',
  'pending_replace',
  'rejected',
  'suspended',
  'stopped',
  'calculated',
  'held',
] as const;

/** One order status. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses after which an order never changes again. */
export const TERMINAL_ORDER_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  'filled',
  'canceled',
  'expired',
  'rejected',
  'replaced',
  'done_for_day',
]);

/** True when the order will not fill any further. */
export function isTerminalOrderStatus(status: OrderStatus): boolean {
  return TERMINAL_ORDER_STATUSES.has(status);
}

/** How much a market order asks for: dollars (fractional) or shares. Amounts are exact decimal strings. */
export type OrderAmount = { kind: 'notional'; usd: string } | { kind: 'qty'; shares: string };

/** A market day order as the engine asks for it. The client order id is mandatory: it is the idempotency fence. */
export interface OrderRequest {
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  amount: OrderAmount;
}

/** An order as the broker reports it. */
export interface Order {
  id: string;
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  amount: OrderAmount;
  status: OrderStatus;
  filledQty: number;
  /** Average fill price, null until something filled. */
  filledAvgPriceUsd: number | null;
  createdAt: string;
  updatedAt: string;
  filledAt: string | null;
}

/** Account status values that allow trading. */
export type AccountStatus = string;

/** The account snapshot the guards and the plan need. */
export interface Account {
  id: string;
  /** The number the broker shows people (Alpaca `account_number`), typed to confirm going live; absent if unknown. */
  accountNumber?: string;
  status: AccountStatus;
  currency: string;
  cashUsd: number;
  equityUsd: number;
  /** Equity at the previous trading day's close (for the daily-loss breaker). */
  lastEquityUsd: number;
  buyingPowerUsd: number;
  /** Buying-power multiplier: 1 (cash account, or under $2,000 equity), 2 (Reg T margin); set by both adapters. */
  multiplier?: number;
  /** Whether selling a symbol the account does not hold opens a short; set by both adapters. */
  shortingEnabled?: boolean;
  tradingBlocked: boolean;
  accountBlocked: boolean;
  tradeSuspendedByUser: boolean;
}

/** One open position; a short one has a negative quantity and market value. */
export interface Position {
  symbol: string;
  qty: number;
  /** Long or short; set by both adapters (a negative `qty` means short either way). */
  side?: 'long' | 'short';
  /** Shares not held by open orders (Alpaca `qty_available`), signed like `qty`; set by both adapters. */
  qtyAvailable?: number;
  marketValueUsd: number;
  currentPriceUsd: number;
  avgEntryPriceUsd: number;
}

/** The broker's market clock. Timestamps are ISO 8601 with offset. */
export interface MarketClock {
  timestamp: string;
  isOpen: boolean;
  nextOpen: string;
  nextClose: string;
}

/** One trading session from the broker's calendar (times in America/New_York, `HH:MM`). */
export interface CalendarDay {
  date: string;
  open: string;
  close: string;
}

/** What the broker says about an asset. */
export interface AssetInfo {
  symbol: string;
  tradable: boolean;
  fractionable: boolean;
}

/** The latest trade price of a symbol. */
export interface LatestPrice {
  symbol: string;
  priceUsd: number;
  /** When the trade happened (ISO 8601). */
  at: string;
}

/** True when the account may place orders at all. */
export function accountCanTrade(account: Account): boolean {
  return (
    account.status === 'ACTIVE' &&
    !account.tradingBlocked &&
    !account.accountBlocked &&
    !account.tradeSuspendedByUser
  );
}
