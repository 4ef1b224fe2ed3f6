import {
  type Broker,
  BrokerUnavailableError,
  createSimulatorBroker,
  type FaultKind,
  type Simulator,
} from '@dalio-lite/broker';

/** What a request led to, as the history checks need it. */
export type RequestOutcome = 'ok' | 'miss' | 'error' | 'unknown' | 'rejected' | 'already-exists';

/** One request a simulated process made to the broker: who, when (broker time), what, and how it ended. */
export interface RequestRecord {
  process: number;
  atMs: number;
  route: string;
  /** The client order id a submission or a lookup by client order id was about. */
  clientOrderId: string | null;
  outcome: RequestOutcome;
}

/** What the network between the processes and the simulator does besides carrying requests. */
export interface NetworkControl {
  /** Every request so far, oldest first. */
  readonly requests: RequestRecord[];
  /** The next `n` submissions are refused by the broker (a business rejection: 403 insufficient buying power). */
  rejectNextOrders(n: number): void;
  /** From now on each request meets a random transient fault (5xx, 429, timeout, lost answer, junk) with this chance. */
  setTransientFaultRate(rate: number): void;
  /** The account's flags: `trading_blocked` while set. */
  setTradingBlocked(blocked: boolean): void;
  readonly tradingBlocked: boolean;
  /** The broker port as one process sees it: logged, and never answering once the process is dead. */
  brokerFor(process: { id: number; isAlive(): boolean }): Broker;
}

const never = <T>(): Promise<T> => new Promise<T>(() => {});

/**
 * Safe reads retried as the Alpaca adapter retries them: three attempts, 250 ms then 500 ms apart (broker time),
 * on an unavailable broker only. Submissions are never retried.
 */
async function readWithRetries<T>(simulator: Simulator, read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof BrokerUnavailableError) || attempt >= 3) throw error;
      simulator.clock.advance(250 * 2 ** (attempt - 1));
    }
  }
}

const TRANSIENT: readonly FaultKind[] = ['5xx', '429', 'timeout', 'answer-lost', 'malformed'];

/** Create the network to the in-process simulator's account `accountId`; `random` draws the transient faults. */
export function createSimNetwork(
  simulator: Simulator,
  accountId: string,
  random: () => number,
): NetworkControl {
  const requests: RequestRecord[] = [];
  const broker = createSimulatorBroker({ simulator, accountId });
  let rejections = 0;
  let blocked = false;
  let faultRate = 0;

  return {
    requests,
    rejectNextOrders(n) {
      rejections = n;
    },
    setTransientFaultRate(rate) {
      faultRate = rate;
    },
    setTradingBlocked(value) {
      blocked = value;
    },
    get tradingBlocked() {
      return blocked;
    },
    brokerFor(process) {
      const log = (route: string, clientOrderId: string | null, outcome: RequestOutcome) =>
        requests.push({
          process: process.id,
          atMs: simulator.clock.now().getTime(),
          route,
          clientOrderId,
          outcome,
        });
      const call = <T>(
        route: string,
        run: () => Promise<T>,
        judge: (value: T) => RequestOutcome = () => 'ok',
        clientOrderId: string | null = null,
      ): Promise<T> => {
        if (!process.isAlive()) return never();
        if (faultRate > 0 && random() < faultRate) {
          const kind = TRANSIENT[Math.floor(random() * TRANSIENT.length)] ?? '5xx';
          // Queued for the very next request of this method: this one.
          simulator.faults.next(`${route.split(' ')[0]} *`, kind);
        }
        const answer = run().then(
          (value) => {
            log(route, clientOrderId, judge(value));
            return value;
          },
          (error: unknown) => {
            log(route, clientOrderId, 'error');
            throw error;
          },
        );
        // A dead process hears nothing back, even for a request that was on its way when it died.
        return answer.then((value) => (process.isAlive() ? value : never()));
      };
      const read = <T>(
        route: string,
        run: () => Promise<T>,
        judge?: (value: T) => RequestOutcome,
        clientOrderId?: string,
      ) => readWithRetries(simulator, () => call(route, run, judge, clientOrderId));
      return {
        venue: broker.venue,
        getAccount: () =>
          read('GET /v2/account', async () => ({ ...(await broker.getAccount()), tradingBlocked: blocked })),
        getPositions: () => read('GET /v2/positions', () => broker.getPositions()),
        getClock: () => read('GET /v2/clock', () => broker.getClock()),
        getCalendar: (range) => read('GET /v2/calendar', () => broker.getCalendar(range)),
        getAsset: (symbol) => read('GET /v2/assets', () => broker.getAsset(symbol)),
        getLatestPrices: (symbols) =>
          read('GET /v2/stocks/trades/latest', () => broker.getLatestPrices(symbols)),
        getDailyBars: (query) => read('GET /v2/stocks/bars', () => broker.getDailyBars(query)),
        submitOrder: (request) =>
          call(
            'POST /v2/orders',
            async () => {
              if (rejections > 0) {
                rejections -= 1;
                return {
                  kind: 'rejected' as const,
                  status: 403,
                  code: 40310000,
                  message: 'insufficient buying power',
                };
              }
              return broker.submitOrder(request);
            },
            (result) => (result.kind === 'accepted' ? 'ok' : result.kind),
            request.clientOrderId,
          ),
        getOrderByClientOrderId: (clientOrderId) =>
          read(
            'GET /v2/orders:by_client_order_id',
            () => broker.getOrderByClientOrderId(clientOrderId),
            (order) => (order ? 'ok' : 'miss'),
            clientOrderId,
          ),
        getOrder: (orderId) => read('GET /v2/orders/{id}', () => broker.getOrder(orderId)),
        listOrders: (query) => read('GET /v2/orders', () => broker.listOrders(query)),
        cancelOrder: (orderId) => call('DELETE /v2/orders/{id}', () => broker.cancelOrder(orderId)),
        cancelAllOrders: () => call('DELETE /v2/orders', () => broker.cancelAllOrders()),
        closeAllPositions: (options) => call('DELETE /v2/positions', () => broker.closeAllPositions(options)),
      };
    },
  };
}
