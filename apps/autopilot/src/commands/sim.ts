import { join } from 'node:path';
import {
  ALPACA_CONSISTENCY,
  createFileSimStore,
  createHistoryPriceFeed,
  createModelPriceFeed,
  createSimClock,
  createSimulator,
  IMMEDIATE_CONSISTENCY,
  type SimClockMode,
  type SimEvent,
  startSimulatorServer,
} from '@dalio-lite/broker';
import { loadPriceHistory } from '@dalio-lite/market-data';
import { loadCliConfig } from '../cli-config.ts';
import { CliError, CommandFailedError } from '../cli-error.ts';
import type { CommandContext } from './index.ts';
import { DEFAULT_TIME_LAPSE_START } from './sim-command.ts';

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
  account: string;
  consistency: string;
  nonFractionable?: string;
  config?: string;
  json?: boolean;
}

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

function parseSymbols(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
}

function oneOf<const T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((candidate) => candidate === value);
  if (!found) throw new CliError(`${flag}: "${value}" must be one of ${allowed.join(', ')}`);
  return found;
}

/** How the clock runs, in words: what a person needs to know to pace a client against it. */
function describeClock(mode: SimClockMode): string {
  if (mode.kind === 'fixed') return `clock frozen at ${String(mode.at)}`;
  if (mode.kind === 'time-lapse') {
    return `clock time-lapse at ${mode.speed}× (${mode.speed} simulated seconds per real second) from ${String(mode.start)}`;
  }
  return 'clock real time (1×)';
}

/** The lines to paste into a shell so `dalio` (or any Alpaca client) trades on this simulator. */
function envLines(url: string, keys: Record<string, string> | undefined): string[] {
  const [keyId] = Object.keys(keys ?? {});
  return [
    `export DALIO_ALPACA_BASE_URL=${url}`,
    `export APCA_API_KEY_ID=${keyId ?? 'sim-key'}`,
    `export APCA_API_SECRET_KEY=${keyId === undefined ? 'sim-secret' : '<the secret given with --key>'}`,
  ];
}

function defaultDataDir(context: CommandContext): string {
  const base = context.env.XDG_DATA_HOME || join(context.env.HOME ?? context.cwd, '.local', 'share');
  return join(base, 'dalio-lite', 'sim');
}

/** Run `dalio sim` (imported when the command runs; its options and help are in sim-command.ts). */
export async function runSimCommand(context: CommandContext, flags: SimFlags): Promise<void> {
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
  const symbols = parseSymbols(flags.symbols);
  const accountType = oneOf('--account', flags.account, ['margin', 'cash'] as const);
  const consistency = oneOf('--consistency', flags.consistency, ['alpaca', 'basic', 'immediate'] as const);
  const nonFractionable =
    flags.nonFractionable !== undefined
      ? parseSymbols(flags.nonFractionable)
      : flags.config !== undefined
        ? (await loadCliConfig(context, flags.config)).broker.simulator.nonFractionable
        : [];
  const unknown = nonFractionable.filter((symbol) => !symbols.includes(symbol));
  if (unknown.length > 0) {
    throw new CliError(
      `--non-fractionable: ${unknown.join(', ')} not among --symbols (${symbols.join(',')}); add it there or drop it`,
    );
  }
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
    accountType,
    ...(consistency === 'immediate' ? { consistency: IMMEDIATE_CONSISTENCY } : {}),
    ...(consistency === 'alpaca' ? { consistency: ALPACA_CONSISTENCY } : {}),
    assets: Object.fromEntries(nonFractionable.map((symbol) => [symbol, { fractionable: false }])),
    store: createFileSimStore(dataDir),
    onEvent: (event) => context.output.stderr(describeEvent(event)),
  });
  const server = await startSimulatorServer({ simulator, port, keys }).catch((error: Error) => {
    throw new CommandFailedError(`--port: cannot listen on 127.0.0.1:${port} (${error.message})`, {
      cause: error,
    });
  });
  // The first stdout line is the URL alone (scripts read it); how to use it goes to stderr for people.
  const env = envLines(server.url, keys);
  if (flags.json) {
    const speed = mode.kind === 'time-lapse' ? mode.speed : mode.kind === 'fixed' ? 0 : 1;
    context.output.stdout(JSON.stringify({ url: server.url, dataDir, clock: mode.kind, speed, env }));
  } else context.output.stdout(server.url);
  context.output.stderr(
    `sim: Alpaca API at ${server.url}; ${describeClock(mode)}; ${accountType} account, ${consistency} consistency${
      nonFractionable.length > 0 ? `, whole shares only for ${nonFractionable.join(',')}` : ''
    }; state in ${dataDir}; Ctrl-C to stop`,
  );
  context.output.stderr(
    keys
      ? 'sim: to trade on it, copy these lines (only the --key pairs are accepted; each key id is its own account):'
      : 'sim: to trade on it, copy these lines (any non-empty key pair is accepted; each key id is its own account):',
  );
  for (const line of env) context.output.stderr(line);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
