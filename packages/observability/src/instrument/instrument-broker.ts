import {
  type Broker,
  BrokerRequestError,
  BrokerResponseError,
  BrokerUnavailableError,
  type SubmitOrderResult,
} from '@dalio-lite/broker';
import type { MetricsRecorder } from '../metrics-recorder.ts';

/** How a broker request ended, as a metric label: an HTTP status class, or what kept it from having one. */
export type BrokerStatusClass = '2xx' | '4xx' | '5xx' | 'network' | 'invalid' | 'unknown';

/** The port methods that talk to the broker, by their metric label. */
const OPERATIONS = {
  getAccount: 'get_account',
  getPositions: 'get_positions',
  getClock: 'get_clock',
  getCalendar: 'get_calendar',
  getAsset: 'get_asset',
  getLatestPrices: 'get_latest_prices',
  getDailyBars: 'get_daily_bars',
  submitOrder: 'submit_order',
  getOrderByClientOrderId: 'get_order_by_client_order_id',
  getOrder: 'get_order',
  listOrders: 'list_orders',
  cancelOrder: 'cancel_order',
  cancelAllOrders: 'cancel_all_orders',
  closeAllPositions: 'close_all_positions',
} as const satisfies Record<Exclude<keyof Broker, 'venue'>, string>;

/** The status class of a failed request. */
export function statusClassOfError(error: unknown): BrokerStatusClass {
  if (error instanceof BrokerRequestError) return classOf(error.status);
  if (error instanceof BrokerUnavailableError)
    return error.status === null ? 'network' : classOf(error.status);
  if (error instanceof BrokerResponseError) return 'invalid';
  return 'unknown';
}

function classOf(status: number): BrokerStatusClass {
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  return '2xx';
}

function submitClass(result: SubmitOrderResult): BrokerStatusClass {
  if (result.kind === 'accepted') return '2xx';
  if (result.kind === 'rejected') return classOf(result.status);
  if (result.kind === 'already-exists') return '4xx';
  return 'unknown';
}

/**
 * The broker port with every request counted by operation and status class and timed (retries included),
 * for both adapters alike. The answers and errors pass through unchanged.
 */
export function instrumentBroker(
  broker: Broker,
  recorder: MetricsRecorder,
  now: () => Date = () => new Date(),
): Broker {
  const record = (operation: string, startedMs: number, statusClass: BrokerStatusClass) => {
    const end = now();
    recorder.increment('brokerRequests', { operation, status_class: statusClass });
    recorder.observe('brokerRequestDuration', { operation }, Math.max(0, end.getTime() - startedMs) / 1000);
    recorder.countBrokerRequest(end.toISOString().slice(0, 10), statusClass !== '2xx');
  };
  const timed =
    <A extends unknown[], R>(
      operation: string,
      call: (...args: A) => Promise<R>,
      classify: (value: R) => BrokerStatusClass = () => '2xx',
    ) =>
    async (...args: A): Promise<R> => {
      const startedMs = now().getTime();
      try {
        const value = await call(...args);
        record(operation, startedMs, classify(value));
        return value;
      } catch (error) {
        record(operation, startedMs, statusClassOfError(error));
        throw error;
      }
    };
  return {
    venue: broker.venue,
    getAccount: timed(OPERATIONS.getAccount, () => broker.getAccount()),
    getPositions: timed(OPERATIONS.getPositions, () => broker.getPositions()),
    getClock: timed(OPERATIONS.getClock, () => broker.getClock()),
    getCalendar: timed(OPERATIONS.getCalendar, (range) => broker.getCalendar(range)),
    getAsset: timed(OPERATIONS.getAsset, (symbol) => broker.getAsset(symbol)),
    getLatestPrices: timed(OPERATIONS.getLatestPrices, (symbols) => broker.getLatestPrices(symbols)),
    getDailyBars: timed(OPERATIONS.getDailyBars, (query) => broker.getDailyBars(query)),
    submitOrder: timed(OPERATIONS.submitOrder, (request) => broker.submitOrder(request), submitClass),
    getOrderByClientOrderId: timed(OPERATIONS.getOrderByClientOrderId, (id) =>
      broker.getOrderByClientOrderId(id),
    ),
    getOrder: timed(OPERATIONS.getOrder, (id) => broker.getOrder(id)),
    listOrders: timed(OPERATIONS.listOrders, (query) => broker.listOrders(query)),
    cancelOrder: timed(OPERATIONS.cancelOrder, (id) => broker.cancelOrder(id)),
    cancelAllOrders: timed(OPERATIONS.cancelAllOrders, () => broker.cancelAllOrders()),
    closeAllPositions: timed(OPERATIONS.closeAllPositions, (options) => broker.closeAllPositions(options)),
  };
}
