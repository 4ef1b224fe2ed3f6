import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AlpacaBrokerEvent,
  type Broker,
  BrokerUnavailableError,
  createAlpacaBroker,
  createModelPriceFeed,
  createRateLimiter,
  createSimClock,
  createSimulator,
  createSimulatorBroker,
  createSimulatorFetch,
  type Simulator,
} from '@dalio-lite/broker';
import {
  DEFAULT_PLAN_OPTIONS,
  DEFAULT_POLICY,
  DEFAULT_RISK_LIMITS,
  newYorkDate,
  PRESETS,
} from '@dalio-lite/core';
import {
  type CycleCode,
  type CycleReport,
  createRebalanceEngine,
  DEFAULT_ENGINE_TIMING,
  type RebalanceEngine,
} from '@dalio-lite/engine';
import {
  createHeartbeat,
  createRebalanceHistory,
  createRebalanceLock,
  createStateStore,
} from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import {
  type DaemonEngine,
  type DaemonEvent,
  type DaemonOptions,
  isDayOutcome,
  runDaemon,
} from './daemon-loop.ts';

/**
 * A broker clock that moves only when someone sleeps: the daemon's sleep and the engine's advance the wall clock by
 * `ms` and the simulator clock by `ms × speed`, so months of time-lapse (or of real time) run in a second or two.
 */
function createFakeTime(options: {
  start: string;
  speed: number;
  stopAt: string;
  /** While this says so, wall time passes and the broker clock stands still (a paused simulator). */
  frozen?: () => boolean;
}) {
  const clock = createSimClock({ mode: { kind: 'fixed', at: options.start } });
  const stop = new AbortController();
  const stopAtMs = Date.parse(options.stopAt);
  let wallMs = 0;
  const sleeps: number[] = [];
  const advance = (ms: number) => {
    wallMs += ms;
    if (!options.frozen?.()) clock.advance(ms * options.speed);
  };
  return {
    clock,
    stop,
    sleeps,
    wallNow: () => wallMs,
    advance,
    /** The daemon's sleep: stops the run once the broker clock reaches `stopAt`. */
    async sleep(ms: number, signal: AbortSignal) {
      if (signal.aborted) return;
      sleeps.push(ms);
      advance(ms);
      if (clock.now().getTime() >= stopAtMs) stop.abort();
    },
  };
}

type FakeTime = ReturnType<typeof createFakeTime>;

function createTestSimulator(time: FakeTime): Simulator {
  return createSimulator({
    clock: time.clock,
    prices: createModelPriceFeed({
      seed: 11,
      symbols: ['VTI', 'TLT', 'GLD', 'DBC'],
      from: '2024-01-02',
      to: '2026-12-31',
    }),
    initialCashUsd: 100_000,
    seed: 3,
  });
}

/** The Alpaca adapter over the simulator's HTTP app in process, its 200-a-minute limit counted on the fake wall clock. */
function createHttpBroker(simulator: Simulator, time: FakeTime) {
  const requests: { wallMs: number; route: string }[] = [];
  const adapterEvents: AlpacaBrokerEvent[] = [];
  const serve = createSimulatorFetch({ simulator, rateLimiter: createRateLimiter({ now: time.wallNow }) });
  const broker = createAlpacaBroker({
    keyId: 'daemon-test',
    secret: 'secret',
    baseUrl: 'http://simulator.test',
    rateLimit: false,
    fetch: (url, init) => {
      requests.push({ wallMs: time.wallNow(), route: `${init.method ?? 'GET'} ${new URL(url).pathname}` });
      return serve(new Request(url, init));
    },
    sleep: async (ms) => time.advance(ms),
    random: () => 0.5,
    onEvent: (event) => adapterEvents.push(event),
  });
  return { broker, requests, adapterEvents };
}

async function createTestEngine(broker: Broker, time: FakeTime): Promise<RebalanceEngine> {
  const stateDir = await mkdtemp(join(tmpdir(), 'dalio-daemon-loop-'));
  return createRebalanceEngine({
    broker,
    store: createStateStore({ stateDir }),
    lock: createRebalanceLock({ stateDir }),
    history: createRebalanceHistory({ stateDir }),
    heartbeat: createHeartbeat({ stateDir }),
    settings: {
      targets: PRESETS['dalio-lite'].targets,
      policy: DEFAULT_POLICY,
      plan: { ...DEFAULT_PLAN_OPTIONS, wholeShares: false },
      risk: DEFAULT_RISK_LIMITS,
      ...DEFAULT_ENGINE_TIMING,
      pollIntervalMs: 1_000,
      lookupGraceMs: 5_000,
      fillTimeoutMs: 60_000,
    },
    now: () => time.clock.now(),
    sleep: async (ms) => time.advance(ms),
  });
}

function fakeReport(day: string | null, code: CycleCode): CycleReport {
  return {
    cycleId: `cycle-${day}-${code}`,
    outcome: code === 'traded' ? 'committed' : code === 'within-policy' ? 'hold' : 'failed',
    code,
    day,
    reason: `fake ${code}`,
    decision: null,
    orders: [],
    answers: [],
    notes: [],
    errors: [],
    durationsMs: {},
  };
}

/** An engine that answers each cycle with `code(day)` (default `within-policy`), at the broker clock's day. */
function createFakeEngine(simulator: Simulator, code: (day: string) => CycleCode = () => 'within-policy') {
  const runs: { at: string; signal: AbortSignal }[] = [];
  const engine: DaemonEngine = {
    async runCycle({ signal }) {
      const at = simulator.clock.now().toISOString();
      runs.push({ at, signal });
      const day = newYorkDate(at);
      return fakeReport(day, code(day));
    },
  };
  return { engine, runs };
}

async function runUntilStopped(time: FakeTime, options: Omit<DaemonOptions, 'signal' | 'onEvent'>) {
  const events: DaemonEvent[] = [];
  await runDaemon({
    signal: time.stop.signal,
    sleep: time.sleep,
    wallNow: time.wallNow,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return events;
}

async function calendarDays(broker: Broker, start: string, end: string): Promise<string[]> {
  return (await broker.getCalendar({ start, end })).map((day) => day.date);
}

/** The most requests in any 60 s of wall time. */
function peakPerMinute(requests: readonly { wallMs: number }[]): number {
  let peak = 0;
  let first = 0;
  for (const [last, request] of requests.entries()) {
    while ((requests[first]?.wallMs ?? request.wallMs) <= request.wallMs - 60_000) first += 1;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

describe('runDaemon over time-lapse (fake clock, real engine, the Alpaca adapter over the simulator app)', () => {
  it('gives every trading day of two months exactly one cycle at 20 000× speed, under the limit of 200 requests a minute', async () => {
    const time = createFakeTime({
      start: '2025-03-03T09:00:00-05:00',
      speed: 20_000,
      stopAt: '2025-05-03T00:00:00-04:00',
    });
    const simulator = createTestSimulator(time);
    const http = createHttpBroker(simulator, time);
    const engine = await createTestEngine(http.broker, time);
    const daemonSide = countCalls(http.broker);
    const events = await runUntilStopped(time, { broker: daemonSide.broker, engine, timeEt: '10:00' });

    const expected = await calendarDays(http.broker, '2025-03-03', '2025-05-02');
    expect(expected).toHaveLength(44);
    const outcomes = events.filter(isDayOutcome);
    expect(outcomes.map((event) => event.type === 'cycle' && event.day)).toEqual(expected);
    const cycles = outcomes.flatMap((event) => (event.type === 'cycle' ? [event.report] : []));
    expect(cycles[0]).toMatchObject({ code: 'traded', outcome: 'committed', day: '2025-03-03' });
    // Each cycle ran at or after 10:00 on its own day, by the broker clock.
    expect(cycles.map((report) => report.day)).toEqual(expected);
    expect(events.filter((event) => event.type === 'broker-unreachable')).toEqual([]);
    expect(http.adapterEvents).toEqual([]);
    expect(events.at(-1)).toEqual({ type: 'stopped' });

    // The daemon's own requests: about two looks at the clock a trading day, one calendar read per six weeks or so.
    expect(daemonSide.calls.getClock / expected.length).toBeLessThan(3);
    expect(daemonSide.calls.getCalendar).toBe(2);
    // 20 000× brings about ten trading days a wall minute. The daemon's own looks stay near 20 a minute; with the
    // cycles' requests (about 10 for a hold) the busiest minute stays under Alpaca's 200 (measured: 138).
    expect(
      (daemonSide.calls.getClock + daemonSide.calls.getCalendar) / (time.wallNow() / 60_000),
    ).toBeLessThan(30);
    expect(peakPerMinute(http.requests)).toBeLessThan(180);
  });

  it('gives every trading day exactly one cycle in real time too, looking at the clock about once a minute', async () => {
    const time = createFakeTime({
      start: '2025-04-14T08:00:00-04:00',
      speed: 1,
      stopAt: '2025-04-26T00:00:00-04:00',
    });
    const simulator = createTestSimulator(time);
    const broker = createSimulatorBroker({ simulator });
    const counted = countCalls(broker);
    const { engine, runs } = createFakeEngine(simulator);
    const events = await runUntilStopped(time, { broker: counted.broker, engine, timeEt: '10:00' });

    // Good Friday (2025-04-18) is no trading day: no cycle, no "missed".
    const expected = await calendarDays(broker, '2025-04-14', '2025-04-25');
    expect(expected).not.toContain('2025-04-18');
    expect(events.filter(isDayOutcome).map((event) => event.type === 'cycle' && event.day)).toEqual(expected);
    for (const run of runs) expect(new Date(run.at).toISOString()).toMatch(/T14:00:0\d/);
    const wallMinutes = time.wallNow() / 60_000;
    expect(counted.calls.getClock / wallMinutes).toBeLessThan(1.1);
    expect(Math.max(...time.sleeps)).toBe(60_000);
  });
});

function countCalls(broker: Broker) {
  const calls = { getClock: 0, getCalendar: 0 };
  return {
    calls,
    broker: {
      ...broker,
      getClock: () => {
        calls.getClock += 1;
        return broker.getClock();
      },
      getCalendar: (range: { start: string; end: string }) => {
        calls.getCalendar += 1;
        return broker.getCalendar(range);
      },
    } satisfies Broker,
  };
}

describe('runDaemon (fake clock, fake engine)', () => {
  it('runs the cycle at timeEt by the broker clock, measuring the speed from two looks, with a handful of looks a day', async () => {
    const time = createFakeTime({
      start: '2025-03-03T09:00:00-05:00',
      speed: 20_000,
      stopAt: '2025-03-15T00:00:00-04:00',
    });
    const simulator = createTestSimulator(time);
    const counted = countCalls(createSimulatorBroker({ simulator }));
    const { engine, runs } = createFakeEngine(simulator);
    const events = await runUntilStopped(time, { broker: counted.broker, engine, timeEt: '10:00' });

    expect(events.filter(isDayOutcome)).toHaveLength(10);
    const [first, ...later] = runs.map((run) => run.at);
    // The first look cannot know the speed: a 50 ms probe, 17 broker minutes at 20 000×, then it is measured.
    expect(first).toMatch(/^2025-03-03T15:(0\d|1[0-7]):/);
    // From then on every cycle starts in the first 30 s after 10:00 New York (the clock's resolution is a second).
    for (const at of later) expect(at).toMatch(/T1[45]:00:[0-2]\d/);
    expect(counted.calls.getClock / 10).toBeLessThan(3);
    expect(counted.calls.getCalendar).toBe(1);
  });

  it('uses a known speed as given (the demo drives its own clock)', async () => {
    const time = createFakeTime({
      start: '2025-03-03T09:00:00-05:00',
      speed: 20_000,
      stopAt: '2025-03-08T00:00:00-05:00',
    });
    const simulator = createTestSimulator(time);
    const { engine } = createFakeEngine(simulator);
    await runUntilStopped(time, {
      broker: createSimulatorBroker({ simulator }),
      engine,
      timeEt: '10:00',
      pace: { speed: 20_000 },
    });
    // 09:00 → 10:00:01 is 3 601 s of broker time, 180.05 ms of wall time at 20 000×.
    expect(time.sleeps[0]).toBe(181);
  });

  it('passes the stop signal to the cycle', async () => {
    const time = createFakeTime({
      start: '2025-03-03T10:30:00-05:00',
      speed: 20_000,
      stopAt: '2025-03-04T00:00:00-05:00',
    });
    const simulator = createTestSimulator(time);
    const { engine, runs } = createFakeEngine(simulator);
    await runUntilStopped(time, { broker: createSimulatorBroker({ simulator }), engine, timeEt: '10:00' });
    expect(runs).toHaveLength(1);
    expect(runs[0]?.signal).toBe(time.stop.signal);
  });

  it('does not owe a day whose session closed before it started, and retries a failed cycle within the day', async () => {
    const time = createFakeTime({
      start: '2025-03-03T17:00:00-05:00',
      speed: 20_000,
      stopAt: '2025-03-05T00:00:00-05:00',
    });
    const simulator = createTestSimulator(time);
    let attempts = 0;
    const { engine, runs } = createFakeEngine(simulator, () => (++attempts === 1 ? 'error' : 'traded'));
    const events = await runUntilStopped(time, {
      broker: createSimulatorBroker({ simulator }),
      engine,
      timeEt: '10:00',
      cycleRetryMs: 100,
    });
    const cycles = events.filter((event) => event.type === 'cycle');
    expect(cycles.map((event) => [event.day, event.report.code, event.retryInMs])).toEqual([
      ['2025-03-04', 'error', 100],
      ['2025-03-04', 'traded', null],
    ]);
    expect(runs).toHaveLength(2);
    expect(events.filter(isDayOutcome)).toHaveLength(1);
  });

  it('does not take a clock that stood still while it waited to retry for a slow one, and sleeps through no day', async () => {
    // A time-lapse simulator paused while the daemon waited to retry (as `dalio soak` pauses it): measured across
    // that wait the clock crawls, and a sleep sized by that speed would overshoot the next day by hours.
    let frozen = false;
    const time = createFakeTime({
      start: '2025-03-04T09:00:00-05:00',
      speed: 1_800,
      stopAt: '2025-03-08T00:00:00-05:00',
      frozen: () => frozen,
    });
    const simulator = createTestSimulator(time);
    let attempts = 0;
    const { engine, runs } = createFakeEngine(simulator, () => {
      attempts += 1;
      frozen = attempts === 1;
      return attempts === 1 ? 'error' : 'within-policy';
    });
    const events = await runUntilStopped(time, {
      broker: createSimulatorBroker({ simulator }),
      engine,
      timeEt: '10:00',
      cycleRetryMs: 30_000,
    });
    expect(events.filter(isDayOutcome)).toEqual(
      ['2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07'].map((day) =>
        expect.objectContaining({ type: 'cycle', day }),
      ),
    );
    expect(runs.slice(2).map((run) => run.at.slice(11, 16))).toEqual(['15:00', '15:00', '15:00']);
  });

  it('reports a day whose cycles kept failing until the close as missed, naming the last attempt', async () => {
    const time = createFakeTime({
      start: '2025-03-04T09:00:00-05:00',
      speed: 20_000,
      stopAt: '2025-03-06T00:00:00-05:00',
    });
    const simulator = createTestSimulator(time);
    const { engine } = createFakeEngine(simulator, (day) =>
      day === '2025-03-04' ? 'error' : 'within-policy',
    );
    const events = await runUntilStopped(time, {
      broker: createSimulatorBroker({ simulator }),
      engine,
      timeEt: '10:00',
    });
    const outcomes = events.filter(isDayOutcome);
    expect(outcomes).toEqual([
      {
        type: 'missed',
        day: '2025-03-04',
        reason: expect.stringMatching(
          /^the last attempt ended error \(fake error\) and the session closed at 16:00 ET before a retry$/,
        ),
      },
      expect.objectContaining({ type: 'cycle', day: '2025-03-05', retryInMs: null }),
    ]);
  });

  it('reports a half day that closes before timeEt as missed, and skips the holiday before it', async () => {
    const time = createFakeTime({
      start: '2025-11-26T09:00:00-05:00',
      speed: 20_000,
      stopAt: '2025-12-02T00:00:00-05:00',
    });
    const simulator = createTestSimulator(time);
    const { engine } = createFakeEngine(simulator);
    const events = await runUntilStopped(time, {
      broker: createSimulatorBroker({ simulator }),
      engine,
      timeEt: '13:30',
    });
    expect(events.filter(isDayOutcome).map((event) => [event.type, 'day' in event && event.day])).toEqual([
      ['cycle', '2025-11-26'],
      ['missed', '2025-11-28'],
      ['cycle', '2025-12-01'],
    ]);
    expect(events.find((event) => event.type === 'missed')).toMatchObject({
      reason: 'the session closed at 13:00 ET, before schedule.timeEt 13:30',
    });
  });

  it('reports the days an outage covered as missed, once each, and trades again when the broker is back', async () => {
    const time = createFakeTime({
      start: '2025-03-03T09:00:00-05:00',
      speed: 20_000,
      stopAt: '2025-03-08T00:00:00-05:00',
    });
    const simulator = createTestSimulator(time);
    const healthy = createSimulatorBroker({ simulator });
    const downFromMs = Date.parse('2025-03-04T06:00:00-05:00');
    const downUntilMs = Date.parse('2025-03-05T20:00:00-05:00');
    const broker: Broker = {
      ...healthy,
      async getClock() {
        const nowMs = simulator.clock.now().getTime();
        if (nowMs >= downFromMs && nowMs < downUntilMs)
          throw new BrokerUnavailableError('connect ECONNREFUSED');
        return healthy.getClock();
      },
    };
    const { engine } = createFakeEngine(simulator);
    const events = await runUntilStopped(time, { broker, engine, timeEt: '10:00' });

    const outcomes = events.filter(isDayOutcome);
    expect(outcomes.map((event) => [event.type, 'day' in event && event.day])).toEqual([
      ['cycle', '2025-03-03'],
      ['missed', '2025-03-04'],
      ['missed', '2025-03-05'],
      ['cycle', '2025-03-06'],
      ['cycle', '2025-03-07'],
    ]);
    expect(outcomes[1]).toMatchObject({
      reason: expect.stringMatching(
        /^the broker was unreachable from 2025-03-03 \d\d:\d\d ET until 2025-03-0[56] \d\d:\d\d ET \(connect ECONNREFUSED\), past the close at 16:00 ET$/,
      ),
    });
  });
});

describe('runDaemon against a failing broker', () => {
  /** A broker whose clock always fails with `error`; the log interleaves the daemon's events and sleeps. */
  async function runAgainstFailingClock(error: Error, sleepsBeforeStop: number) {
    const log: string[] = [];
    const events: DaemonEvent[] = [];
    const stop = new AbortController();
    let looks = 0;
    const broker = {
      getClock: async () => {
        looks += 1;
        throw error;
      },
      getCalendar: async () => [],
    };
    await runDaemon({
      broker,
      engine: { runCycle: async () => fakeReport(null, 'error') },
      timeEt: '10:00',
      signal: stop.signal,
      onEvent: (event) => {
        events.push(event);
        log.push(event.type);
      },
      sleep: async (ms) => {
        log.push(`sleep ${ms}`);
        if (log.filter((entry) => entry.startsWith('sleep')).length >= sleepsBeforeStop) stop.abort();
      },
      wallNow: () => 0,
    });
    return { log, events, looks: () => looks };
  }

  it('backs off 1 s, 2 s, 4 s … up to 5 minutes, reporting each failed look before it waits', async () => {
    const { log, events, looks } = await runAgainstFailingClock(
      new BrokerUnavailableError('get clock: connect ECONNREFUSED 127.0.0.1:9'),
      12,
    );
    const waits = events.flatMap((event) => (event.type === 'broker-unreachable' ? [event.retryInMs] : []));
    expect(waits).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000,
    ]);
    expect(log.slice(0, 4)).toEqual(['broker-unreachable', 'sleep 1000', 'broker-unreachable', 'sleep 2000']);
    expect(looks()).toBe(12);
    expect(log.at(-1)).toBe('stopped');
  });

  it('reports a throttled broker (429) at once, as throttled', async () => {
    const { log, events } = await runAgainstFailingClock(
      new BrokerUnavailableError('get clock: HTTP 429: rate limit exceeded', { status: 429 }),
      1,
    );
    expect(log[0]).toBe('broker-unreachable');
    expect(events[0]).toMatchObject({ type: 'broker-unreachable', throttled: true, retryInMs: 1_000 });
  });
});

describe('runDaemon stopping', () => {
  it('stops during a sleep without another look at the broker', async () => {
    const time = createFakeTime({
      start: '2025-03-03T09:00:00-05:00',
      speed: 20_000,
      stopAt: '2030-01-01T00:00:00-05:00',
    });
    const simulator = createTestSimulator(time);
    const counted = countCalls(createSimulatorBroker({ simulator }));
    const { engine } = createFakeEngine(simulator);
    const events: DaemonEvent[] = [];
    let sleeps = 0;
    let looksAtStop = 0;
    await runDaemon({
      broker: counted.broker,
      engine,
      timeEt: '10:00',
      signal: time.stop.signal,
      onEvent: (event) => events.push(event),
      wallNow: time.wallNow,
      sleep: async (ms, signal) => {
        sleeps += 1;
        if (sleeps === 5) {
          looksAtStop = counted.calls.getClock;
          time.stop.abort();
          // A real sleep resolves on the abort: the test's does too, without advancing anything.
          expect(signal.aborted).toBe(true);
          return;
        }
        await time.sleep(ms, signal);
      },
    });
    expect(looksAtStop).toBeGreaterThan(0);
    expect(counted.calls.getClock).toBe(looksAtStop);
    expect(events.at(-1)).toEqual({ type: 'stopped' });
  });

  it('stops while a look at the broker hangs (e.g. waiting out Retry-After), without waiting for it', async () => {
    const stop = new AbortController();
    let looked = () => {};
    const looking = new Promise<void>((resolve) => {
      looked = resolve;
    });
    const daemon = runDaemon({
      broker: {
        getClock: () => {
          looked();
          return new Promise(() => {});
        },
        getCalendar: async () => [],
      },
      engine: { runCycle: async () => fakeReport(null, 'error') },
      timeEt: '10:00',
      signal: stop.signal,
      onEvent: () => {},
      sleep: async () => {},
      wallNow: () => 0,
    });
    await looking;
    stop.abort();
    await expect(daemon).resolves.toBeUndefined();
  });
});
