import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestSimulator } from '../../test/fixtures.ts';
import type { Broker } from '../broker.ts';
import { BrokerResponseError, BrokerUnavailableError } from '../errors.ts';
import { createRateLimiter } from '../http/rate-limiter.ts';
import { type SimulatorServer, startSimulatorServer } from '../http/sim-server.ts';
import type { Simulator } from '../simulator/simulator.ts';
import { type AlpacaBrokerEvent, createAlpacaBroker } from './alpaca-broker.ts';

const ACCOUNT = 'fault-key';
const BUY = {
  clientOrderId: 'dl-f-1',
  symbol: 'SPY',
  side: 'buy' as const,
  amount: { kind: 'qty' as const, shares: '2' },
};

let sim: Simulator;
let server: SimulatorServer;
let broker: Broker;
let sleeps: number[];
let events: AlpacaBrokerEvent[];

async function start(options: { rateLimit?: number } = {}): Promise<void> {
  sim = (await createTestSimulator({ lateVisibilityReads: 2 })).sim;
  server = await startSimulatorServer({
    simulator: sim,
    timeoutFaultMs: 800,
    retryAfterSeconds: 7,
    ...(options.rateLimit ? { rateLimiter: createRateLimiter({ limit: options.rateLimit }) } : {}),
  });
  sleeps = [];
  events = [];
  broker = createAlpacaBroker({
    keyId: ACCOUNT,
    secret: 'secret',
    baseUrl: server.url,
    rateLimit: false,
    timeoutMs: 300,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    onEvent: (event) => events.push(event),
  });
}

const ordersFor = (clientOrderId: string) =>
  sim.ledger().orders.filter((o) => o.clientOrderId === clientOrderId);

describe('Alpaca adapter under faults (against the simulator over HTTP)', () => {
  beforeEach(() => start());
  afterEach(() => server.close());

  it.each(['5xx', 'reset', 'timeout'] as const)(
    'retries a safe read after %s and then succeeds',
    async (fault) => {
      sim.faults.next('GET /v2/account', fault);
      expect((await broker.getAccount()).cashUsd).toBe(100_000);
      expect(sleeps).toEqual([250]);
      expect(events).toEqual([
        expect.objectContaining({ type: 'retry', operation: 'get account', attempt: 1 }),
      ]);
    },
  );

  it('gives up on a read after three unavailable answers with a retryable error', async () => {
    sim.faults.next('GET /v2/positions', '5xx', 3);
    const error = await broker.getPositions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerUnavailableError);
    expect(error).toMatchObject({ retryable: true, status: 503 });
    expect(sleeps).toEqual([250, 500]);
  });

  it('honours Retry-After on a 429', async () => {
    sim.faults.next('GET /v2/clock', '429');
    expect((await broker.getClock()).isOpen).toBe(true);
    expect(sleeps).toEqual([7000]);
  });

  it('reports a 429 before waiting out its Retry-After, and a stop signal ends that wait with a failed read', async () => {
    const stop = new AbortController();
    const seen: AlpacaBrokerEvent[] = [];
    const stoppable = createAlpacaBroker({
      keyId: ACCOUNT,
      secret: 'secret',
      baseUrl: server.url,
      rateLimit: false,
      random: () => 0.5,
      signal: stop.signal,
      onEvent: (event) => {
        seen.push(event);
        stop.abort();
      },
    });
    sim.faults.next('GET /v2/clock', '429');
    // Without the signal this read would wait the simulator's 7 s Retry-After and then succeed.
    const error = await stoppable.getClock().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerUnavailableError);
    expect((error as Error).message).toMatch(/^get clock: stopped while waiting to retry \(HTTP 429/);
    expect(seen).toEqual([expect.objectContaining({ type: 'retry', operation: 'get clock', delayMs: 7000 })]);
  });

  it('makes no further attempt once the stop signal has fired', async () => {
    const stop = new AbortController();
    stop.abort();
    const stoppable = createAlpacaBroker({
      keyId: ACCOUNT,
      secret: 'secret',
      baseUrl: server.url,
      rateLimit: false,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      signal: stop.signal,
    });
    sim.faults.next('GET /v2/account', '5xx');
    await expect(stoppable.getAccount()).rejects.toMatchObject({
      name: 'BrokerUnavailableError',
      status: 503,
    });
    expect(sleeps).toEqual([]);
    expect((await stoppable.getAccount()).cashUsd).toBe(100_000);
  });

  it('waits for the rate-limit window when the real 200/min budget runs out', async () => {
    await server.close();
    await start({ rateLimit: 2 });
    await broker.getClock();
    await broker.getClock();
    const error = await broker.getClock().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerUnavailableError);
    expect(error).toMatchObject({ status: 429 });
    expect(sleeps.every((ms) => ms > 50_000 && ms <= 60_000)).toBe(true);
  });

  it('reports a malformed answer as an error, never as zero, and does not retry it', async () => {
    sim.faults.next('GET /v2/account', 'malformed');
    const error = await broker.getAccount().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerResponseError);
    expect((error as Error).message).toMatch(/malformed account from the broker/);
    sim.faults.next('GET /v2/positions', 'malformed');
    await expect(broker.getPositions()).rejects.toBeInstanceOf(BrokerResponseError);
    expect(sleeps).toEqual([]);
  });

  it.each([
    ['5xx', 0],
    ['429', 0],
    ['reset', 0],
    ['timeout', 1],
    ['answer-lost', 1],
    ['malformed', 1],
  ] as const)(
    'returns unknown for a submission hit by %s, never resends, and reconciles by client id',
    async (fault, exists) => {
      sim.faults.next('POST /v2/orders', fault);
      const result = await broker.submitOrder(BUY);
      expect(result.kind).toBe('unknown');
      expect(sleeps).toEqual([]);
      expect(ordersFor(BUY.clientOrderId)).toHaveLength(exists);
      const found = await broker.getOrderByClientOrderId(BUY.clientOrderId);
      expect(found === null ? 0 : 1).toBe(exists);
      expect(events.filter((e) => e.type === 'order-unknown')).toHaveLength(1);
    },
  );

  it('keeps a late-visible order unknown to lookups for a while, then shows it', async () => {
    sim.faults.next('POST /v2/orders', 'late-visibility');
    expect((await broker.submitOrder(BUY)).kind).toBe('accepted');
    expect(await broker.getOrderByClientOrderId(BUY.clientOrderId)).toBeNull();
    expect(await broker.getOrderByClientOrderId(BUY.clientOrderId)).toBeNull();
    expect((await broker.getOrderByClientOrderId(BUY.clientOrderId))?.status).toBe('filled');
  });

  it('shows an asynchronous rejection on the next lookup', async () => {
    sim.faults.next('POST /v2/orders', 'async-reject');
    const result = await broker.submitOrder(BUY);
    expect(result.kind === 'accepted' && result.order.status).toBe('pending_new');
    expect((await broker.getOrderByClientOrderId(BUY.clientOrderId))?.status).toBe('rejected');
    expect(sim.account(ACCOUNT).positions).toEqual([]);
  });

  it('rejects a wrong key pair without retrying', async () => {
    const stranger = createAlpacaBroker({ keyId: 'k', secret: 's', baseUrl: server.url, rateLimit: false });
    await server.close();
    server = await startSimulatorServer({ simulator: sim, keys: { good: 'pair' } });
    const locked = createAlpacaBroker({
      keyId: 'bad',
      secret: 'pair',
      baseUrl: server.url,
      rateLimit: false,
    });
    await expect(locked.getAccount()).rejects.toMatchObject({ name: 'BrokerRequestError', status: 401 });
    expect(stranger).toBeDefined();
  });
});
