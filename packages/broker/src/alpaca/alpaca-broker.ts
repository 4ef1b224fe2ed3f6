import type { Alpaca } from '@alpacahq/alpaca-trade-api';
import type { Broker, DailyBar, DailyBarsQuery, SubmitOrderResult } from '../broker.ts';
import { checkDailyBarsQuery } from '../daily-bars-query.ts';
import { BrokerRequestError, BrokerResponseError } from '../errors.ts';
import {
  parseAccount,
  parseAsset,
  parseCalendar,
  parseClock,
  parseDailyBarsPage,
  parseOrder,
  parseOrders,
  parsePositions,
  parseTrade,
} from './alpaca-schemas.ts';
import { classifyFailure } from './classify-failure.ts';
import { abortableDelay, type RetryPolicy, readWithRetry } from './read-retry.ts';
import { loadAlpacaSdk } from './sdk.ts';

/** What the adapter reports: retries of safe reads and ambiguous order submissions. */
export type AlpacaBrokerEvent =
  | { type: 'retry'; operation: string; attempt: number; delayMs: number; reason: string }
  | { type: 'order-unknown'; clientOrderId: string; reason: string };

/** Options of the Alpaca adapter. Keys come from config; they are sent as headers and never reported. */
export interface AlpacaBrokerOptions {
  keyId: string;
  secret: string;
  /** Paper (default) or live trading host. */
  paper?: boolean;
  /** Send every request (trading and market data) to this origin instead, e.g. the simulator's URL. */
  baseUrl?: string;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  /** Attempts for safe reads (default 3). */
  maxReadAttempts?: number;
  baseRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** The SDK's client-side throttle (default ~200/min per host); `false` turns it off. */
  rateLimit?: { maxRequests: number; intervalMs: number } | false;
  /** Injected in tests so backoff does not wait on wall time. */
  sleep?: (ms: number) => Promise<void>;
  /** Aborting (e.g. on SIGTERM) ends any retry wait at once, `Retry-After` included: the read fails instead. */
  signal?: AbortSignal;
  random?: () => number;
  /** Market-data feed for bars (Alpaca's default when unset: SIP with a paid plan, else IEX). */
  dataFeed?: 'iex' | 'sip';
  /** Replaces global fetch for the SDK; leave unset to use the global (msw patches it). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  onEvent?: (event: AlpacaBrokerEvent) => void;
}

const ALPACA_ORIGIN = /^https:\/\/(?:paper-api|api|data|data\.sandbox)\.alpaca\.markets/;

/** The Broker port on Alpaca's official SDK. */
export function createAlpacaBroker(options: AlpacaBrokerOptions): Broker {
  if (!options.keyId || !options.secret) throw new Error('Alpaca adapter: keyId and secret are required');
  const baseUrl = options.baseUrl?.replace(/\/+$/, '');
  let client: Promise<Alpaca> | undefined;
  // Built on the first request: the SDK loads then, not when a command merely imports the broker package.
  const alpaca = () =>
    (client ??= loadAlpacaSdk().then(
      (sdk) =>
        new sdk.Alpaca({
          keyId: options.keyId,
          secret: options.secret,
          paper: options.paper ?? true,
          timeoutMs: options.timeoutMs ?? 15_000,
          // Retries are ours: only for safe reads, with an injectable sleep; the SDK's would double them.
          retry: false,
          rateLimit: options.rateLimit ?? undefined,
          ...(options.fetch ? { fetchApi: options.fetch as never } : {}),
          // The SDK has no base-URL option (`basePath` is silently ignored); rewrite the origin before each request.
          middleware: baseUrl
            ? [{ pre: async ({ url, init }) => ({ url: url.replace(ALPACA_ORIGIN, baseUrl), init }) }]
            : [],
        }),
    ));
  const policy: RetryPolicy = {
    maxAttempts: options.maxReadAttempts ?? 3,
    baseDelayMs: options.baseRetryDelayMs ?? 250,
    maxDelayMs: options.maxRetryDelayMs ?? 5000,
    sleep: options.sleep ?? ((ms) => abortableDelay(ms, options.signal)),
    random: options.random ?? Math.random,
    ...(options.signal ? { signal: options.signal } : {}),
    onRetry: (event) => options.onEvent?.({ type: 'retry', ...event }),
  };
  const trading = async () => (await alpaca()).trading;
  const read = <T>(operation: string, run: () => Promise<T>) => readWithRetry(operation, policy, run);
  const readOrNull = <T>(operation: string, run: () => Promise<T>) =>
    readWithRetry(operation, policy, run, () => null);

  /** Every page of adjusted daily bars, each page a retried read; repeated tokens or bars are a broken answer. */
  async function readDailyBars(query: DailyBarsQuery): Promise<DailyBar[]> {
    const symbols = checkDailyBarsQuery(query);
    const requested = new Set(symbols);
    const seenTokens = new Set<string>();
    const seenBars = new Set<string>();
    const bars: DailyBar[] = [];
    let pageToken: string | undefined;
    do {
      const token = pageToken;
      const page = await read(`get daily bars${token ? ` (page ${seenTokens.size + 1})` : ''}`, async () =>
        parseDailyBarsPage(
          await (await alpaca()).marketData.stocks.stockBars({
            symbols: symbols.join(','),
            timeframe: '1Day',
            // A daily bar is stamped at midnight New York; these bounds take exactly the days start..end.
            start: new Date(`${query.start}T00:00:00Z`),
            end: new Date(`${query.end}T23:59:59Z`),
            adjustment: 'all',
            limit: 10_000,
            sort: 'asc',
            ...(options.dataFeed ? { feed: options.dataFeed } : {}),
            ...(token ? { pageToken: token } : {}),
          }),
          requested,
        ),
      );
      for (const bar of page.bars) {
        const key = `${bar.symbol} ${bar.date}`;
        if (bar.date < query.start || bar.date > query.end || seenBars.has(key)) {
          throw new BrokerResponseError(
            `malformed bars answer: ${key} is outside ${query.start}..${query.end} or repeated`,
          );
        }
        seenBars.add(key);
        bars.push(bar);
      }
      pageToken = page.nextPageToken ?? undefined;
      if (pageToken !== undefined) {
        if (seenTokens.has(pageToken))
          throw new BrokerResponseError('malformed bars answer: a page token came back twice');
        seenTokens.add(pageToken);
      }
    } while (pageToken !== undefined);
    return bars.sort((a, b) =>
      a.symbol === b.symbol ? a.date.localeCompare(b.date) : a.symbol.localeCompare(b.symbol),
    );
  }

  return {
    venue: (options.paper ?? true) ? 'alpaca-paper' : 'alpaca-live',
    getAccount: () =>
      read('get account', async () => parseAccount(await (await trading()).account.getAccount())),
    getPositions: () =>
      read('get positions', async () =>
        parsePositions(await (await trading()).positions.getAllOpenPositions()),
      ),
    getClock: () => read('get clock', async () => parseClock(await (await trading()).clock.legacyClock())),
    getCalendar: ({ start, end }) =>
      read('get calendar', async () =>
        parseCalendar(
          await (await trading()).calendar.legacyCalendar({
            start: new Date(`${start}T00:00:00Z`),
            end: new Date(`${end}T00:00:00Z`),
          }),
        ),
      ),
    getAsset: (symbol) =>
      readOrNull(`get asset ${symbol}`, async () =>
        parseAsset(await (await trading()).assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: symbol })),
      ),
    getLatestPrices: (symbols) =>
      read('get latest prices', async () => {
        if (symbols.length === 0) return [];
        const answer = await (await alpaca()).marketData.stocks.stockLatestTrades({
          symbols: symbols.join(','),
        });
        return symbols.map((symbol) => {
          const trade = answer?.trades?.[symbol];
          if (!trade) throw new BrokerResponseError(`no latest trade for ${symbol} in the broker's answer`);
          const parsed = parseTrade(trade, symbol);
          return { symbol, priceUsd: parsed.priceUsd, at: parsed.at };
        });
      }),
    getDailyBars: (query) => readDailyBars(query),
    async submitOrder(request): Promise<SubmitOrderResult> {
      const { clientOrderId } = request;
      let answer: unknown;
      try {
        const amount =
          request.amount.kind === 'qty' ? { qty: request.amount.shares } : { notional: request.amount.usd };
        answer = await (await trading()).orders.market({
          symbol: request.symbol,
          side: request.side,
          clientOrderId,
          timeInForce: 'day',
          ...amount,
        });
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure.kind === 'refused') {
          if (
            failure.status === 422 &&
            String(failure.code) === '40010001' &&
            /client_order_id/i.test(failure.message)
          ) {
            return { kind: 'already-exists', clientOrderId };
          }
          return { kind: 'rejected', status: failure.status, code: failure.code, message: failure.message };
        }
        if (failure.kind === 'not-found') {
          return { kind: 'rejected', status: 404, code: null, message: failure.message };
        }
        // Timeout, reset, 5xx, 429 or an unreadable answer: the order may exist. Never resend blindly.
        const reason = `${failure.kind}: ${failure.message}`;
        options.onEvent?.({ type: 'order-unknown', clientOrderId, reason });
        return { kind: 'unknown', reason };
      }
      try {
        return { kind: 'accepted', order: parseOrder(answer) };
      } catch (error) {
        const reason = `malformed answer: ${(error as Error).message}`;
        options.onEvent?.({ type: 'order-unknown', clientOrderId, reason });
        return { kind: 'unknown', reason };
      }
    },
    getOrderByClientOrderId: (clientOrderId) =>
      readOrNull(`get order ${clientOrderId}`, async () =>
        parseOrder(await (await trading()).orders.getOrderByClientOrderId({ clientOrderId })),
      ),
    getOrder: (orderId) =>
      readOrNull(`get order ${orderId}`, async () =>
        parseOrder(await (await trading()).orders.getOrderByOrderID({ orderId })),
      ),
    listOrders: (query = {}) =>
      read('list orders', async () =>
        parseOrders(
          await (await trading()).orders.getAllOrders({
            status: query.status ?? 'open',
            limit: query.limit ?? 50,
            direction: 'desc',
            ...(query.after ? { after: query.after } : {}),
            ...(query.until ? { until: query.until } : {}),
            ...(query.side ? { side: query.side } : {}),
            ...(query.symbols ? { symbols: [...query.symbols] } : {}),
          }),
        ),
      ),
    // Cancelling is idempotent, so it retries like a read; 404 (unknown) and 422 (no longer cancelable) are
    // answers about the order, not failures.
    cancelOrder: async (orderId) => {
      try {
        await read(`cancel order ${orderId}`, async () =>
          (await trading()).orders.deleteOrderByOrderID({ orderId }),
        );
        return { orderId, status: 204 };
      } catch (error) {
        if (error instanceof BrokerRequestError && (error.status === 404 || error.status === 422)) {
          return { orderId, status: error.status };
        }
        throw error;
      }
    },
    cancelAllOrders: () =>
      read('cancel all orders', async () => {
        const items = await (await trading()).orders.deleteAllOrders();
        if (!Array.isArray(items)) throw new BrokerResponseError('malformed cancel answer: not an array');
        return items.map((item) => {
          if (typeof item?.id !== 'string' || typeof item.status !== 'number') {
            throw new BrokerResponseError('malformed cancel answer: item without id or status');
          }
          return { orderId: item.id, status: item.status };
        });
      }),
    // Closing places orders, so it is sent once: a failure surfaces instead of a second liquidation.
    closeAllPositions: (closeOptions = {}) =>
      readWithRetry('close all positions', { ...policy, maxAttempts: 1 }, async () => {
        const items = await (await trading()).closeAllPositions({
          cancelOrders: closeOptions.cancelOrders ?? true,
        });
        if (!Array.isArray(items)) throw new BrokerResponseError('malformed close answer: not an array');
        return items.map((item) => {
          if (typeof item?.symbol !== 'string' || typeof item.status !== 'number') {
            throw new BrokerResponseError('malformed close answer: item without symbol or status');
          }
          const ok = item.status >= 200 && item.status < 300;
          return {
            symbol: item.symbol,
            status: item.status,
            order: ok && item.body ? parseOrder(item.body) : null,
          };
        });
      }),
  };
}
