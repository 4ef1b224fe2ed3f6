import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createFileSimStore,
  createHistoryPriceFeed,
  createSimClock,
  createSimulator,
  type SimClock,
  startSimulatorServer,
} from '@dalio-lite/broker';
import { defaultConfig } from '@dalio-lite/config';
import { BUNDLED_PRICES_DIR, loadPriceHistory } from '@dalio-lite/market-data';
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { describeReport } from '../cycle-report-text.ts';
import { runDaemon } from '../daemon-loop.ts';
import { createRuntime } from '../runtime.ts';
import { stopOnSignals } from '../stop-signals.ts';
import type { CommandContext } from './index.ts';

interface DemoFlags {
  speed: string;
  start: string;
  cash: string;
  dir?: string;
  days?: string;
  port: string;
  json?: boolean;
}

/** `dalio demo`: the paper simulator in time-lapse over real history, the autopilot trading it, no keys, no network. */
export function registerDemoCommand(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .description(
      'Time-lapse paper trading over real price history: the simulator, the autopilot, one trading day every few seconds',
    )
    .option('--speed <x>', 'simulated seconds per real second (20000: a day in about 4 s)', '20000')
    .option('--start <time>', 'where the history starts playing', '2019-01-02T09:00:00-05:00')
    .option('--cash <usd>', 'starting cash of the paper account', '25000')
    .option('--dir <dir>', 'an empty directory for the demo state (default: a new temporary one)')
    .option('--days <n>', 'stop after this many trading days (default: run until Ctrl-C)')
    .option('--port <n>', 'simulator port; 0 picks a free one', '0')
    .option('--json', 'print JSON lines: the start-up facts, then one cycle report per trading day')
    .action(async (flags: DemoFlags) => {
      const speed = positiveNumber('--speed', flags.speed);
      const cashUsd = positiveNumber('--cash', flags.cash);
      const maxCycles =
        flags.days === undefined ? undefined : Math.floor(positiveNumber('--days', flags.days));
      if (Number.isNaN(Date.parse(flags.start)))
        throw new CliError(`--start: "${flags.start}" is not a time, e.g. 2019-01-02T09:00:00-05:00`);
      const dir = await demoDir(flags.dir, context.cwd);

      const targets = ['VTI', 'TLT', 'GLD', 'DBC', 'SPY', 'AGG'];
      const clock = createSimClock({ mode: { kind: 'fixed', at: flags.start } });
      const time = driveClock(clock, speed);
      const simulator = createSimulator({
        clock,
        prices: createHistoryPriceFeed(await loadPriceHistory({ dir: BUNDLED_PRICES_DIR, symbols: targets })),
        initialCashUsd: cashUsd,
        store: createFileSimStore(join(dir, 'simulator')),
      });
      const server = await startSimulatorServer({ simulator, port: Number(flags.port) });
      const config = defaultConfig(
        {
          HOME: dir,
          DALIO_STATE_DIR: join(dir, 'state'),
          APCA_API_KEY_ID: 'demo',
          APCA_API_SECRET_KEY: 'demo',
          DALIO_ALPACA_BASE_URL: server.url,
        },
        { cwd: dir },
      );
      // Real-time waits would be hours of simulated time: poll fast, the simulator fills at once.
      const runtime = createRuntime(config, {
        timing: { pollIntervalMs: 100, lookupGraceMs: 1_000, fillTimeoutMs: 3_000 },
      });
      const broker = await runtime.broker();
      const stop = stopOnSignals();
      const say = (text: string, json: unknown) =>
        context.output.stdout(flags.json ? JSON.stringify(json) : text);
      say(
        [
          'Dalio Lite demo: paper trading over real prices in time-lapse (no keys, no network).',
          `  simulator  ${server.url}  (Alpaca's API; clock from ${flags.start} at ${speed}× speed)`,
          `  state      ${config.paths.stateDir}`,
          `  status     DALIO_STATE_DIR=${config.paths.stateDir} npx pnpm@10.34.8 dalio status`,
          'Ctrl-C stops everything; the state stays.',
        ].join('\n'),
        { simulatorUrl: server.url, stateDir: config.paths.stateDir, start: flags.start, speed },
      );
      const engine = await runtime.engine();
      await runDaemon({
        broker,
        // Time stands still while a cycle runs: a real cycle takes seconds of a trading day, not hours.
        engine: { runCycle: (options) => time.frozenDuring(() => engine.runCycle(options)) },
        timeEt: config.schedule.timeEt,
        pollMs: 100,
        maxBackoffMs: 2_000,
        signal: stop.signal,
        ...(maxCycles === undefined ? {} : { maxCycles }),
        onEvent: async (event) => {
          if (event.type === 'cycle') say(describeReport(event.report), event.report);
          if (event.type === 'broker-unreachable')
            context.output.stderr(`demo: simulator unreachable: ${String(event.error)}`);
        },
      });
      stop.dispose();
      time.stop();
      await server.close();
      const account = simulator.account('demo');
      say(`Stopped. Paper equity $${account.equityUsd.toFixed(2)}; state in ${config.paths.stateDir}`, {
        stopped: true,
        equityUsd: account.equityUsd,
        stateDir: config.paths.stateDir,
      });
    });
}

/** Advance a fixed simulator clock at `speed`× real time, except while `frozenDuring` runs its work. */
function driveClock(clock: SimClock, speed: number) {
  const tickMs = 50;
  let frozen = 0;
  const timer = setInterval(() => {
    if (frozen === 0) clock.advance(speed * tickMs);
  }, tickMs);
  return {
    async frozenDuring<T>(work: () => Promise<T>): Promise<T> {
      frozen++;
      try {
        return await work();
      } finally {
        frozen--;
      }
    },
    stop: () => clearInterval(timer),
  };
}

async function demoDir(dir: string | undefined, cwd: string): Promise<string> {
  if (!dir) return mkdtemp(join(tmpdir(), 'dalio-demo-'));
  const absolute = resolve(cwd, dir);
  await mkdir(absolute, { recursive: true });
  if ((await readdir(absolute)).length > 0)
    throw new CliError(`--dir ${dir}: not empty; give a new or empty directory`);
  return absolute;
}

function positiveNumber(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new CliError(`${flag}: "${value}" must be a number greater than 0`);
  return number;
}
