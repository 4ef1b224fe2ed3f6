import { join } from 'node:path';
import {
  createFileSimStore,
  createHistoryPriceFeed,
  createSimulator,
  simAccountIdForKey,
  startSimulatorServer,
} from '@dalio-lite/broker';
import { defaultConfig } from '@dalio-lite/config';
import { newYorkInstant } from '@dalio-lite/core';
import { startDashboard } from '@dalio-lite/dashboard';
import { BUNDLED_PRICES_DIR, loadPriceHistory } from '@dalio-lite/market-data';
import { abortableSleep } from '../abortable-wait.ts';
import { CliError } from '../cli-error.ts';
import { describeReport } from '../cycle-report-text.ts';
import { type DaemonEvent, isDayOutcome, runDaemon } from '../daemon-loop.ts';
import { createDemoClock } from '../demo-clock.ts';
import { describeDemoSummary, summariseDemo } from '../demo-summary.ts';
import type { Output } from '../output.ts';
import { createRequestBudget } from '../request-budget.ts';
import { createRuntime } from '../runtime.ts';
import { stopOnSignals } from '../stop-signals.ts';
import { workDir } from '../work-dir.ts';
import { dashboardDeps, portFlag, startFacts } from './dashboard.ts';
import type { CommandContext } from './index.ts';

interface DemoFlags {
  speed: string;
  start: string;
  cash: string;
  dir?: string;
  days?: string;
  port: string;
  dashboard: boolean;
  dashboardPort: string;
  json?: boolean;
}

/** Requests kept free for each cycle: a trading cycle makes about 20, the daemon's looks at the clock a few more. */
const CYCLE_REQUEST_ROOM = 40;

/**
 * The demo's own simulator allows three times Alpaca's 200 requests a minute: a month of time-lapse in seconds
 * asks more of it than a real day ever asks of Alpaca (about seven requests a trading day), and the pacing that
 * keeps the autopilot under a limit is the same at any limit.
 */
const DEMO_REQUESTS_PER_MINUTE = 600;

/**
 * After a day that held, the next one passes in at most this much wall time (the rest of its broker time is
 * skipped), so the first rebalance after the initial buy shows up within a minute instead of minutes of holds.
 */
const HOLD_DAY_WALL_MS = 250;

/** The key pair of the demo's account at its own simulator (which accepts any pair). */
const DEMO_KEY = 'demo';

/** Run `dalio demo` (imported when the command runs; its options and help are in demo-command.ts). */
export async function runDemoCommand(context: CommandContext, flags: DemoFlags): Promise<void> {
  const speed = positiveNumber('--speed', flags.speed);
  const cashUsd = positiveNumber('--cash', flags.cash);
  const maxDays = flags.days === undefined ? undefined : Math.floor(positiveNumber('--days', flags.days));
  if (Number.isNaN(Date.parse(flags.start)))
    throw new CliError(`--start: "${flags.start}" is not a time, e.g. 2020-02-03T09:00:00-05:00`);
  const dir = await workDir(flags.dir, context.cwd, 'dalio-demo-');

  const targets = ['VTI', 'TLT', 'GLD', 'DBC', 'SPY', 'AGG'];
  const time = createDemoClock({ start: flags.start, speed });
  const budget = createRequestBudget({ limit: DEMO_REQUESTS_PER_MINUTE });
  const simulator = createSimulator({
    clock: time.clock,
    prices: createHistoryPriceFeed(await loadPriceHistory({ dir: BUNDLED_PRICES_DIR, symbols: targets })),
    initialCashUsd: cashUsd,
    store: createFileSimStore(join(dir, 'simulator')),
  });
  const server = await startSimulatorServer({
    simulator,
    port: Number(flags.port),
    rateLimiter: budget.limiter,
  });
  const config = defaultConfig(
    {
      HOME: dir,
      DALIO_STATE_DIR: join(dir, 'state'),
      APCA_API_KEY_ID: DEMO_KEY,
      APCA_API_SECRET_KEY: DEMO_KEY,
      DALIO_ALPACA_BASE_URL: server.url,
    },
    { cwd: dir },
  );
  const stop = stopOnSignals();
  // The adapter's retries reach stderr as they happen (the runtime's log); `brokerSignal` ends its retry waits
  // on Ctrl-C.
  const runtime = createRuntime(config, {
    // Real-time waits would be hours of simulated time: poll fast, the simulator fills at once.
    timing: { pollIntervalMs: 100, lookupGraceMs: 1_000, fillTimeoutMs: 3_000 },
    brokerSignal: stop.signal,
  });
  const broker = await runtime.broker();
  const say = (text: string, json: unknown) =>
    context.output.stdout(flags.json ? JSON.stringify(json) : text);
  const engine = await runtime.engine();
  // The dashboard's "rebalance now" waits for the same request budget as the autopilot's own cycles.
  const pacedEngine = {
    runCycle: async (options: Parameters<typeof engine.runCycle>[0] & { signal?: AbortSignal }) => {
      await budget.room(CYCLE_REQUEST_ROOM, options?.signal ?? stop.signal);
      return engine.runCycle(options);
    },
  };
  const dashboard = flags.dashboard
    ? await startDashboard({
        deps: dashboardDeps(runtime, { engine: async () => pacedEngine }),
        host: '127.0.0.1',
        port: portFlag('--dashboard-port', flags.dashboardPort),
        configuredToken: null,
      })
    : null;
  say(
    [
      'Dalio Lite demo: paper trading over real prices in time-lapse (no keys, no network).',
      `  simulator  ${server.url}  (Alpaca's API; clock from ${flags.start} at ${speed}× speed)`,
      ...(dashboard ? [`  dashboard  ${dashboard.loginUrl}  (one-time sign-in link)`] : []),
      `  state      ${config.paths.stateDir}`,
      `  status     DALIO_STATE_DIR=${config.paths.stateDir} ./dalio status`,
      'Ctrl-C stops everything; the state stays.',
    ].join('\n'),
    {
      simulatorUrl: server.url,
      stateDir: config.paths.stateDir,
      start: flags.start,
      speed,
      ...(dashboard ? { dashboard: startFacts(dashboard) } : {}),
    },
  );
  const days: { day: string; outcome: string }[] = [];
  try {
    await runDaemon({
      broker,
      // Broker time passes only while the autopilot sleeps: a cycle (seconds of a real trading day, not hours)
      // and the wait for the request budget to make room for it take none.
      engine: pacedEngine,
      sleep: async (ms, signal) => {
        const held = days.at(-1)?.outcome === 'hold';
        const wallMs = held ? Math.min(ms, HOLD_DAY_WALL_MS) : ms;
        await time.runningDuring(() => abortableSleep(wallMs, signal));
        if (wallMs < ms && !signal.aborted) time.clock.advance((ms - wallMs) * time.speed);
      },
      timeEt: config.schedule.timeEt,
      pace: { speed: time.speed },
      maxBackoffMs: 2_000,
      signal: stop.signal,
      ...(maxDays === undefined ? {} : { maxDays }),
      onEvent: (event) => {
        if (isDayOutcome(event) && (event.type === 'cycle' || event.type === 'missed')) {
          days.push({
            day: event.day,
            outcome: event.type === 'cycle' ? event.report.outcome : 'missed',
          });
        }
        reportEvent(event, say, context.output);
      },
    });
  } finally {
    stop.dispose();
    await dashboard?.close();
    await server.close();
  }
  const demoAccountId = simAccountIdForKey(DEMO_KEY);
  const account = simulator.account(demoAccountId);
  const summary = summariseDemo({
    days,
    startCashUsd: cashUsd,
    equityUsd: account.equityUsd,
    targets: config.allocation.targets,
    priceAt: (symbol, day) => simulator.prices.priceAt(symbol, newYorkInstant(day, '16:00').getTime()),
    clientOrderIds: simulator
      .ledger()
      .orders.filter((order) => order.accountId === demoAccountId)
      .map((order) => order.clientOrderId),
  });
  say(
    [
      ...describeDemoSummary(summary, cashUsd),
      `Stopped. The state stays in ${config.paths.stateDir}; read it with: DALIO_STATE_DIR=${config.paths.stateDir} ./dalio status`,
    ].join('\n'),
    { stopped: true, summary, stateDir: config.paths.stateDir },
  );
}

/** One stdout line per trading day; an attempt to be retried and broker trouble go to stderr as they happen. */
function reportEvent(event: DaemonEvent, say: (text: string, json: unknown) => void, output: Output): void {
  if (event.type === 'cycle' && event.retryInMs === null)
    say(describeReport(event.report, 'simulator'), event.report);
  else if (event.type === 'cycle')
    output.stderr(
      `demo: ${event.day}: the cycle ended ${event.report.code} (${event.report.reason}); retrying in ${seconds(event.retryInMs ?? 0)}`,
    );
  else if (event.type === 'missed')
    say(`${event.day}: MISSED — ${event.reason}`, {
      day: event.day,
      outcome: 'missed',
      reason: event.reason,
    });
  else if (event.type === 'broker-unreachable')
    output.stderr(
      `demo: simulator ${event.throttled ? 'throttled (429)' : 'unreachable'}: ${errorMessage(event.error)}; next look in ${seconds(event.retryInMs)}`,
    );
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function positiveNumber(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new CliError(`${flag}: "${value}" must be a number greater than 0`);
  return number;
}
