import { join } from 'node:path';
import {
  createFileSimStore,
  createHistoryPriceFeed,
  createModelPriceFeed,
  createSimClock,
  createSimulator,
  type SimClockMode,
  type SimEvent,
  startSimulatorServer,
} from '@dalio-lite/broker';
import { loadPriceHistory } from '@dalio-lite/market-data';
import type { Command } from 'commander';
import { CliError, CommandFailedError } from '../cli-error.ts';
import type { CommandContext } from './index.ts';

interface SimFlags {
  port: string;
  dataDir?: string;
  at?: string;
  speed?: string;
  start?: string;
  symbols: string;
  seed: string;
  partialFills: string;
  slippageBps: string;
  model?: string;
  key: string[];
  json?: boolean;
}

/** The symbols of the bundled price history. */
const BUNDLED_SYMBOLS = 'SPY,VTI,TLT,IEF,AGG,GLD,DBC,IEI';
/** Where a time-lapse starts without `--start`: a Monday morning inside the history every bundled file covers. */
const DEFAULT_TIME_LAPSE_START = '2024-01-08T09:00:00-05:00';

function parseInstant(flag: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new CliError(`${flag}: "${value}" is not a time, use e.g. 2024-03-15T15:00:00-04:00`);
  }
  return value;
}

function parseNumber(flag: string, value: string, check: (n: number) => boolean, rule: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new CliError(`${flag}: "${value}" ${rule}`);
  return n;
}

function clockMode(flags: SimFlags): SimClockMode {
  if (flags.at !== undefined && flags.speed !== undefined) {
    throw new CliError(
      '--at and --speed exclude each other: --at freezes the clock, --speed runs time-lapse',
    );
  }
  if (flags.at !== undefined) return { kind: 'fixed', at: parseInstant('--at', flags.at) };
  if (flags.speed !== undefined) {
    const speed = parseNumber(
      '--speed',
      flags.speed,
      (n) => n > 0,
      'must be a number greater than 0, e.g. 3600',
    );
    return {
      kind: 'time-lapse',
      start: parseInstant('--start', flags.start ?? DEFAULT_TIME_LAPSE_START),
      speed,
    };
  }
  if (flags.start !== undefined) throw new CliError('--start only applies with --speed');
  return { kind: 'real-time' };
}

function describeEvent(event: SimEvent): string {
  if (event.type === 'fill') {
    const f = event.fill;
    return `sim: fill ${f.side} ${f.qty} ${f.symbol} @ ${f.priceUsd} (${f.clientOrderId}) at ${f.at}`;
  }
  if (event.type === 'order-accepted') {
    const o = event.order;
    return `sim: order ${o.clientOrderId} ${o.side} ${o.symbol} ${o.qty ?? `$${o.notional}`} ${o.status}`;
  }
  return `sim: rejected ${event.clientOrderId ?? '(no id)'}: ${event.rejection.message}`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseKeys(pairs: readonly string[]): Record<string, string> | undefined {
  if (pairs.length === 0) return undefined;
  const keys: Record<string, string> = {};
  for (const pair of pairs) {
    const colon = pair.indexOf(':');
    if (colon <= 0 || colon === pair.length - 1)
      throw new CliError('--key: use KEY_ID:SECRET, both non-empty');
    keys[pair.slice(0, colon)] = pair.slice(colon + 1);
  }
  return keys;
}

function defaultDataDir(context: CommandContext): string {
  const base = context.env.XDG_DATA_HOME || join(context.env.HOME ?? context.cwd, '.local', 'share');
  return join(base, 'dalio-lite', 'sim');
}

/** `dalio sim`: serve the paper simulator with Alpaca's wire format on 127.0.0.1 until interrupted. */
export function registerSimCommand(program: Command, context: CommandContext): void {
  program
    .command('sim')
    .description("Serve the paper-trading simulator (Alpaca's API on 127.0.0.1) over real price history")
    .option('--port <n>', 'port to listen on; 0 picks a free one', '0')
    .option(
      '--data-dir <dir>',
      'where the simulator keeps its state (default: ~/.local/share/dalio-lite/sim)',
    )
    .option('--at <time>', 'freeze the clock at this moment of the history, e.g. 2024-03-15T15:00:00-04:00')
    .option('--speed <x>', 'time-lapse: simulated seconds per real second, e.g. 20000 (a day in ~4 s)')
    .option('--start <time>', `where a time-lapse starts (default ${DEFAULT_TIME_LAPSE_START})`)
    .option('--symbols <list>', 'symbols to trade, from the bundled history', BUNDLED_SYMBOLS)
    .option('--seed <n>', 'seed for ids, partial fills and slippage', '1')
    .option('--partial-fills <p>', 'probability that a fill is partial first (0..1)', '0')
    .option(
      '--key <id:secret>',
      'accept only this key pair (repeatable); default: any non-empty pair',
      collect,
      [],
    )
    .option('--slippage-bps <n>', 'worst slippage per fill in basis points (drawn uniformly)', '0')
    .option('--model <seed>', 'trade a seeded random-walk price model instead of the bundled history')
    .option('--json', 'print the start-up line as JSON')
    .action(async (flags: SimFlags) => {
      const port = parseNumber(
        '--port',
        flags.port,
        (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
        'must be 0..65535',
      );
      const seed = parseNumber('--seed', flags.seed, Number.isInteger, 'must be an integer');
      const partialFillProbability = parseNumber(
        '--partial-fills',
        flags.partialFills,
        (n) => n >= 0 && n <= 1,
        'must be between 0 and 1',
      );
      const mode = clockMode(flags);
      const keys = parseKeys(flags.key);
      const slippageBps = parseNumber(
        '--slippage-bps',
        flags.slippageBps,
        (n) => n >= 0 && n <= 1000,
        'must be 0..1000',
      );
      const symbols = flags.symbols
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean);
      const modelSeed =
        flags.model === undefined
          ? null
          : parseNumber('--model', flags.model, Number.isInteger, 'must be an integer seed');
      const prices =
        modelSeed === null
          ? createHistoryPriceFeed(
              await loadPriceHistory({ symbols }).catch((error: Error) => {
                throw new CliError(`--symbols: ${error.message}`, { cause: error });
              }),
            )
          : createModelPriceFeed({ seed: modelSeed, symbols });
      const dataDir = flags.dataDir ?? defaultDataDir(context);
      const simulator = createSimulator({
        clock: createSimClock({ mode }),
        prices,
        slippageBps,
        seed,
        partialFillProbability,
        store: createFileSimStore(dataDir),
        onEvent: (event) => context.output.stderr(describeEvent(event)),
      });
      const server = await startSimulatorServer({ simulator, port, keys }).catch((error: Error) => {
        throw new CommandFailedError(`--port: cannot listen on 127.0.0.1:${port} (${error.message})`, {
          cause: error,
        });
      });
      if (flags.json) context.output.stdout(JSON.stringify({ url: server.url, dataDir, clock: mode.kind }));
      else context.output.stdout(server.url);
      context.output.stderr(`sim: clock ${mode.kind}, state in ${dataDir}; Ctrl-C to stop`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
