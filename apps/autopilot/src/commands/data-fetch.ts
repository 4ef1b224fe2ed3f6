import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createAlpacaBroker } from '@dalio-lite/broker';
import { newYorkDate, previousTradingDay, SYMBOL_PATTERN } from '@dalio-lite/core';
import { PriceDataError } from '@dalio-lite/market-data';
import { writeFileDurably } from '@dalio-lite/state';
import { reversedDates } from '../backtest-flags.ts';
import { loadCliConfig } from '../cli-config.ts';
import { CliError, CommandFailedError } from '../cli-error.ts';
import { formatPriceCsv } from '../data-price-csv.ts';
import { printJson } from '../output.ts';
import type { CommandContext } from './index.ts';

interface DataFetchFlags {
  symbols: string;
  from: string;
  to?: string;
  out: string;
  config?: string;
  json?: boolean;
}

/** One written price file. */
interface FetchedFile {
  symbol: string;
  path: string;
  bars: number;
  firstDate: string;
  lastDate: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDate(flag: string, value: string): string {
  if (!DATE.test(value) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new CliError(`${flag}: "${value}" is not a date, use YYYY-MM-DD`);
  }
  return value;
}

function parseSymbols(value: string): string[] {
  const symbols = [...new Set(value.split(',').map((symbol) => symbol.trim().toUpperCase()))];
  const bad = symbols.find((symbol) => !SYMBOL_PATTERN.test(symbol));
  if (bad !== undefined)
    throw new CliError(`--symbols: "${bad}" is not a ticker symbol, use e.g. VTI,TLT,GLD,DBC`);
  return symbols;
}

/** Run `dalio data fetch` (imported when the command runs; its options and help are in data-fetch-command.ts). */
export async function runDataFetchCommand(context: CommandContext, flags: DataFetchFlags): Promise<void> {
  const symbols = parseSymbols(flags.symbols);
  const from = parseDate('--from', flags.from);
  const to =
    flags.to === undefined ? previousTradingDay(newYorkDate(new Date())) : parseDate('--to', flags.to);
  if (from > to) throw new CliError(reversedDates(from, to));
  const config = await loadCliConfig(context, flags.config);
  const { keyId, secretKey, paper, baseUrl, dataFeed } = config.broker.alpaca;
  if (!keyId || !secretKey) {
    throw new CliError(
      'data fetch needs Alpaca API keys: set APCA_API_KEY_ID and APCA_API_SECRET_KEY (or broker.alpaca.keyFile)',
    );
  }
  const broker = createAlpacaBroker({
    keyId,
    secret: secretKey,
    paper,
    dataFeed,
    ...(baseUrl ? { baseUrl } : {}),
  });
  const out = resolve(context.cwd, flags.out);
  await mkdir(out, { recursive: true });
  const files: FetchedFile[] = [];
  for (const [index, symbol] of symbols.entries()) {
    const bars = await broker
      .getDailyBars({ symbols: [symbol], start: from, end: to })
      .catch((error: unknown) => {
        throw new CommandFailedError(`${symbol}: ${(error as Error).message}`, { cause: error });
      });
    const first = bars[0];
    const last = bars.at(-1);
    if (!first || !last) {
      throw new CommandFailedError(
        `${symbol}: the broker has no daily bars between ${from} and ${to}; check the symbol`,
      );
    }
    const path = join(out, `${symbol}.csv`);
    await writeFileDurably(path, csvFor(symbol, bars), { mode: 0o644 });
    files.push({ symbol, path, bars: bars.length, firstDate: first.date, lastDate: last.date });
    context.output.stderr(
      `data: [${index + 1}/${symbols.length}] ${symbol}: ${bars.length} bars ${first.date}..${last.date} → ${path}`,
    );
  }
  if (flags.json) printJson(context.output, { ok: true, from, to, out, adjustment: 'all', files });
  else
    context.output.stdout(`Wrote ${files.length} price files (adjusted daily bars ${from}..${to}) to ${out}`);
}

function csvFor(symbol: string, bars: Parameters<typeof formatPriceCsv>[1]): string {
  try {
    return formatPriceCsv(symbol, bars);
  } catch (error) {
    if (!(error instanceof PriceDataError)) throw error;
    throw new CommandFailedError(
      `${symbol}: the broker's bars do not form a usable price file (${error.message})`,
      { cause: error },
    );
  }
}
