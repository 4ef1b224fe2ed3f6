import { FAULT_KINDS } from '@dalio-lite/broker';
import { CYCLE_STEPS } from '@dalio-lite/engine';
import { DURABLE_WRITE_STEPS } from '@dalio-lite/state';
import fc from 'fast-check';
import type {
  Action,
  BrokerFault,
  CrashSpec,
  Damage,
  FsFault,
  PauseSpec,
  Scenario,
  ScenarioEvent,
  ScenarioSetup,
} from './scenario.ts';
import { FS_FAULT_KINDS } from './sim-fs.ts';

/** Every symbol a preset may hold; the price model quotes them all. */
export const SIM_SYMBOLS = ['VTI', 'TLT', 'GLD', 'DBC', 'IEI', 'AGG'] as const;

/** Every step a simulated process can crash at: the cycle's, the state write's, the seq marker write's. */
export const CRASH_STEPS: readonly string[] = [
  ...CYCLE_STEPS,
  ...DURABLE_WRITE_STEPS,
  'before-seq-marker-write',
  ...DURABLE_WRITE_STEPS.map((step) => `seq-marker:${step}`),
];

/**
 * Where a process may be stopped: any cycle step except right before a send. A stop between the last check
 * and the send is a race no software closes (the broker's duplicate-id refusal is the fence there, tested on
 * its own); pausing there would make the close-buffer and halt checks of I8 blame the engine for the clock.
 */
export const PAUSE_STEPS: readonly string[] = CYCLE_STEPS.filter((step) => !step.startsWith('before-submit'));

/** Weeks with a holiday, a half day or a daylight-saving change, where the calendar is most likely wrong. */
const TRICKY_STARTS = [
  '2024-03-07',
  '2024-03-27',
  '2024-07-01',
  '2024-11-01',
  '2024-11-25',
  '2024-12-20',
  '2024-12-30',
  '2025-01-16',
  '2025-03-06',
  '2025-04-15',
  '2025-06-17',
  '2025-10-30',
  '2025-11-24',
  '2025-12-22',
  '2026-03-05',
  '2026-11-25',
];

const FIRST_START_MS = Date.parse('2024-01-02T12:00:00Z');
const LAST_START_MS = Date.parse('2026-11-20T12:00:00Z');
const DAY_MS = 86_400_000;
/** The longest scenario, in calendar days. */
const MAX_DAYS = 14;

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const startArbitrary = fc.oneof(
  fc
    .integer({ min: 0, max: Math.floor((LAST_START_MS - FIRST_START_MS) / DAY_MS) })
    .map((days) => new Date(FIRST_START_MS + days * DAY_MS).toISOString().slice(0, 10)),
  fc.constantFrom(...TRICKY_STARTS),
);

const setupArbitrary: fc.Arbitrary<ScenarioSetup> = fc.record({
  seed: fc.integer({ min: 1, max: 0x7fffffff }),
  priceSeed: fc.integer({ min: 1, max: 6 }),
  cashUsd: fc.constantFrom(3_000, 25_000, 100_000, 2_000_000),
  accountType: fc.constantFrom('margin', 'cash'),
  holdings: fc.record(
    Object.fromEntries(SIM_SYMBOLS.map((symbol) => [symbol, fc.constantFrom(0, 0, 0.05, 0.1, 0.3, 0.6)])),
  ),
  preset: fc.constantFrom('dalio-lite', 'all-weather', 'sixty-forty', 'permanent'),
  absoluteBand: fc.constantFrom(0, 0, 0.02, 0.05),
  minDaysBetween: fc.constantFrom(0, 0, 0, 1, 30),
  wholeShares: fc.boolean(),
  nonFractionable: fc.subarray([...SIM_SYMBOLS], { maxLength: 2 }),
  consistency: fc.constantFrom('immediate', 'alpaca', 'alpaca'),
  partialFillProbability: fc.constantFrom(0, 0, 0.1, 0.5, 1),
  partialFillDelayMs: fc.constantFrom(1_000, 60_000, 3_600_000),
  asyncRejectProbability: fc.constantFrom(0, 0, 0.05, 0.3),
  slippageBps: fc.constantFrom(0, 5, 50),
  pollIntervalMs: fc.constant(2_000),
  lookupGraceMs: fc.constantFrom(5_000, 30_000),
  fillTimeoutMs: fc.constantFrom(5_000, 60_000, 600_000),
  closeBufferMinutes: fc.constantFrom(5, 15),
  lockNoticeMs: fc.constantFrom(0, 5_000, null),
});

const crashArbitrary: fc.Arbitrary<CrashSpec> = fc.record({
  step: fc.constantFrom(...CRASH_STEPS),
  nth: fc.constantFrom(1, 1, 1, 2, 3, 5),
  mode: fc.constantFrom('kill', 'power'),
});

const pauseArbitrary: fc.Arbitrary<PauseSpec> = fc.record({
  step: fc.constantFrom(...PAUSE_STEPS),
  nth: fc.constantFrom(1, 1, 2),
  pauseMs: fc.constantFrom(1_000, 45_000, 3_600_000, 8 * 3_600_000),
  racer: fc.boolean(),
  racerWaits: fc.boolean(),
  halt: fc.constantFrom(false, false, false, false, false, false, false, true),
});

const ROUTES = [
  'POST /v2/orders',
  'POST /v2/orders',
  'POST /v2/orders',
  'POST /v2/orders',
  'GET /v2/orders:by_client_order_id',
  'GET /v2/orders:by_client_order_id',
  'GET /v2/orders*',
  'GET /v2/account',
  'GET /v2/positions',
  'GET /v2/clock',
  'GET /v2/stocks/trades/latest',
  'GET *',
  'DELETE *',
];

const brokerFaultArbitrary: fc.Arbitrary<BrokerFault> = fc.record({
  route: fc.constantFrom(...ROUTES),
  fault: fc.constantFrom(...FAULT_KINDS),
  times: fc.integer({ min: 1, max: 3 }),
});

const fsFaultArbitrary: fc.Arbitrary<FsFault> = fc.record({
  kind: fc.constantFrom(...FS_FAULT_KINDS),
  nth: fc.integer({ min: 1, max: 12 }),
});

const faultsArbitrary: fc.Arbitrary<Action> = fc.record({
  kind: fc.constant('faults' as const),
  crash: fc.option(crashArbitrary, { freq: 3, nil: null }),
  pause: fc.option(pauseArbitrary, { freq: 3, nil: null }),
  brokerFaults: fc.array(brokerFaultArbitrary, { maxLength: 3 }),
  faultRate: fc.constantFrom(0, 0, 0, 0.02, 0.1),
  fsFaults: fc.array(fsFaultArbitrary, { maxLength: 2 }),
  rejections: fc.constantFrom(0, 0, 0, 1, 2),
});

const DAMAGE: readonly Damage[] = ['truncate', 'empty', 'nul-fill', 'flip-byte', 'rollback', 'missing'];

const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  { weight: 10, arbitrary: faultsArbitrary },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('cycle' as const), waitForLock: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('user-trade' as const),
      symbol: fc.constantFrom(...SIM_SYMBOLS),
      usd: fc.constantFrom(-5_000, -500, 500, 5_000),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'halt' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'resume' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('restore' as const), daysBack: fc.constantFrom(0, 0, 0, 1, 3) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('damage' as const), how: fc.constantFrom(...DAMAGE) }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'reset' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('trading-blocked' as const), blocked: fc.boolean() }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('local-clock' as const),
      skewMs: fc.constantFrom(
        0,
        -90_000,
        600_000,
        -5 * 3_600_000,
        9 * 3_600_000,
        86_400_000,
        -86_400_000,
        3 * 86_400_000,
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'power-cut' as const }) },
);

/** Up to two weeks of events; most happen in market hours, where trading is. Events past the last day are ignored. */
const eventsArbitrary: fc.Arbitrary<ScenarioEvent[]> = fc.array(
  fc.record({
    day: fc.integer({ min: 0, max: MAX_DAYS - 1 }),
    at: fc
      .oneof(
        { weight: 4, arbitrary: fc.integer({ min: 9 * 60 + 30, max: 16 * 60 - 1 }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 24 * 60 - 1 }) },
      )
      .map(hhmm),
    action: actionArbitrary,
  }),
  { minLength: 2, maxLength: 40 },
);

/**
 * Every scenario the simulation runs: one seed picks the account, the portfolio, the market's behaviour and a
 * schedule of faults over up to two weeks of calendar days. fast-check shrinks a failing one: fewer days,
 * fewer events, simpler settings.
 */
export function scenarioArbitrary(): fc.Arbitrary<Scenario> {
  return fc.record({
    setup: setupArbitrary,
    start: startArbitrary,
    days: fc.integer({ min: 1, max: MAX_DAYS }),
    dailyAt: fc.constantFrom('10:00', '10:00', '10:00', '09:31', '11:30', '15:40', '15:50', '07:00'),
    events: eventsArbitrary,
  });
}
