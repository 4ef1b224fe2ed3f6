import { resolve } from 'node:path';
import {
  BacktestInputError,
  type BacktestSettings,
  BENCHMARK_NAMES,
  type BenchmarkName,
  benchmarkSymbols,
  type LoadedBacktestPrices,
  loadBacktestPrices,
  resolveBacktestSettings,
} from '@dalio-lite/backtest';
import {
  type CalendarPeriod,
  DEFAULT_PLAN_OPTIONS,
  DEFAULT_POLICY,
  isPresetName,
  PRESETS,
} from '@dalio-lite/core';
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';

/** The flags `dalio backtest` and `dalio walk-forward` share. */
export interface BacktestFlags {
  preset?: string;
  targets?: string;
  data?: string;
  from?: string;
  to?: string;
  cash?: string;
  band?: string;
  relBand?: string;
  calendar?: string;
  minDays?: string;
  minTradeUsd?: string;
  reservePct?: string;
  feeUsd?: string;
  slippageBps?: string;
  wholeShares?: boolean;
  execution?: string;
  riskFree?: string;
  benchmarks?: string;
  json?: boolean;
  csv?: string;
  report?: string;
}

/** Add the shared flags to a command. */
export function addBacktestOptions(command: Command): Command {
  const pct = (value: number) => String(Math.round(value * 10_000) / 100);
  return command
    .option('--preset <name>', `built-in allocation: ${Object.keys(PRESETS).join(', ')} (default dalio-lite)`)
    .option('--targets <list>', 'custom allocation, e.g. VTI=40,TLT=30,GLD=20,DBC=10 (percent or fractions)')
    .option('--data <dir>', 'directory of <SYMBOL>.csv price files (default: the bundled history)')
    .option('--from <date>', 'first day (YYYY-MM-DD); default: the first day all symbols share')
    .option('--to <date>', 'last day (YYYY-MM-DD); default: the last day all symbols share')
    .option('--cash <usd>', 'start cash in USD', '100000')
    .option(
      '--band <pts>',
      `absolute band in percentage points, or none (default ${pct(DEFAULT_POLICY.absoluteBand ?? 0)})`,
    )
    .option(
      '--rel-band <pct>',
      `relative band in % of the target, or none (default ${pct(DEFAULT_POLICY.relativeBand ?? 0)})`,
    )
    .option(
      '--calendar <period>',
      'also rebalance each monthly, quarterly or yearly period, or none (default none)',
    )
    .option(
      '--min-days <n>',
      `minimum calendar days between rebalances (default ${DEFAULT_POLICY.minDaysBetween})`,
    )
    .option('--min-trade-usd <usd>', `drop orders under this (default ${DEFAULT_PLAN_OPTIONS.minTradeUsd})`)
    .option(
      '--reserve-pct <pct>',
      `cash kept uninvested, % of equity (default ${pct(DEFAULT_PLAN_OPTIONS.cashReservePct)})`,
    )
    .option('--fee-usd <usd>', 'fee per order in USD', '0')
    .option('--slippage-bps <bps>', 'slippage per fill in basis points', '0')
    .option('--whole-shares', 'trade whole shares only (default: fractional)')
    .option(
      '--execution <when>',
      'fill at the decision day close (same-close) or the next day (next-close)',
      'same-close',
    )
    .option('--risk-free <pct>', 'annual risk-free rate for Sharpe, in %', '0')
    .option(
      '--benchmarks <list>',
      `comma list of ${BENCHMARK_NAMES.join(', ')}, or none`,
      BENCHMARK_NAMES.join(','),
    )
    .option('--csv <file>', 'write the equity curve as CSV')
    .option('--report <file>', 'write a report with equity and drawdown charts (.html or .svg)')
    .option('--json', 'print JSON');
}

/** Settings, benchmarks and risk-free rate from the flags; bad values become one-line CliErrors. */
export function settingsFromFlags(flags: BacktestFlags): {
  settings: BacktestSettings;
  benchmarks: BenchmarkName[];
  riskFreeRate: number;
} {
  const benchmarks = parseBenchmarks(flags.benchmarks);
  try {
    const settings = resolveBacktestSettings({
      targets: parseTargets(flags),
      policy: {
        ...(flags.band !== undefined && { absoluteBand: percentOrNone('--band', flags.band) }),
        ...(flags.relBand !== undefined && { relativeBand: percentOrNone('--rel-band', flags.relBand) }),
        ...(flags.calendar !== undefined && { calendar: parseCalendar(flags.calendar) }),
        ...(flags.minDays !== undefined && { minDaysBetween: parseNumber('--min-days', flags.minDays, 0) }),
      },
      plan: {
        ...(flags.minTradeUsd !== undefined && {
          minTradeUsd: parseNumber('--min-trade-usd', flags.minTradeUsd, 0),
        }),
        ...(flags.reservePct !== undefined && {
          cashReservePct: parseNumber('--reserve-pct', flags.reservePct, 0) / 100,
        }),
      },
      startCashUsd: parseNumber('--cash', flags.cash ?? '100000', 0.01),
      feePerOrderUsd: parseNumber('--fee-usd', flags.feeUsd ?? '0', 0),
      slippageBps: parseNumber('--slippage-bps', flags.slippageBps ?? '0', 0),
      wholeShares: flags.wholeShares ?? false,
      execution: parseExecution(flags.execution ?? 'same-close'),
    });
    return {
      settings,
      benchmarks,
      riskFreeRate: parseNumber('--risk-free', flags.riskFree ?? '0', -100) / 100,
    };
  } catch (error) {
    throw toCliError(error);
  }
}

/** Load the price files for the targets and benchmarks through market-data, cut to --from/--to. */
export async function loadPricesForFlags(
  flags: BacktestFlags,
  cwd: string,
  settings: BacktestSettings,
  benchmarks: readonly BenchmarkName[],
): Promise<LoadedBacktestPrices> {
  for (const [flag, date] of [
    ['--from', flags.from],
    ['--to', flags.to],
  ] as const) {
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw new CliError(`${flag}: "${date}" is not a date, use YYYY-MM-DD`);
    }
  }
  try {
    return await loadBacktestPrices({
      dir: flags.data === undefined ? undefined : resolve(cwd, flags.data),
      symbols: [...Object.keys(settings.targets), ...benchmarkSymbols(benchmarks)],
      from: flags.from,
      to: flags.to,
    });
  } catch (error) {
    throw toCliError(error);
  }
}

/** Turn the backtest package's input errors into the CLI's usage error (exit 2, one line). */
export function toCliError(error: unknown): unknown {
  if (error instanceof BacktestInputError) return new CliError(error.message, { cause: error });
  return error;
}

/** Parse a positive whole number flag such as `--workers`. */
export function parseNumber(flag: string, raw: string, min: number): number {
  const value = Number(raw.trim().replace(/%$/, ''));
  if (raw.trim() === '' || !Number.isFinite(value) || value < min) {
    throw new CliError(`${flag}: "${raw}" is not a number ≥ ${min}`);
  }
  return value;
}

function parseTargets(flags: BacktestFlags): Record<string, number> {
  if (flags.targets !== undefined && flags.preset !== undefined) {
    throw new CliError('--preset and --targets: give one of them, not both');
  }
  if (flags.targets === undefined) {
    const name = flags.preset ?? 'dalio-lite';
    if (!isPresetName(name))
      throw new CliError(`--preset: unknown preset "${name}", use one of ${Object.keys(PRESETS).join(', ')}`);
    return { ...PRESETS[name].targets };
  }
  const targets: Record<string, number> = {};
  for (const part of flags.targets.split(',')) {
    const match = /^\s*([A-Za-z][A-Za-z0-9.-]*)\s*[=:]\s*([0-9.]+)\s*$/.exec(part);
    if (!match)
      throw new CliError(`--targets: "${part}" is not SYMBOL=WEIGHT, e.g. VTI=40,TLT=30,GLD=20,DBC=10`);
    targets[(match[1] as string).toUpperCase()] = Number(match[2]);
  }
  return targets;
}

function percentOrNone(flag: string, raw: string): number | null {
  return raw.trim().toLowerCase() === 'none' ? null : parseNumber(flag, raw, 0) / 100;
}

function parseCalendar(raw: string): CalendarPeriod | null {
  const value = raw.trim().toLowerCase();
  if (value === 'none') return null;
  if (value === 'monthly' || value === 'quarterly' || value === 'yearly') return value;
  throw new CliError(`--calendar: "${raw}" is not a period, use monthly, quarterly, yearly or none`);
}

function parseExecution(raw: string): 'same-close' | 'next-close' {
  if (raw === 'same-close' || raw === 'next-close') return raw;
  throw new CliError(`--execution: "${raw}" is not a fill timing, use same-close or next-close`);
}

function parseBenchmarks(raw: string | undefined): BenchmarkName[] {
  if (raw === undefined) return [...BENCHMARK_NAMES];
  if (raw.trim().toLowerCase() === 'none') return [];
  return raw.split(',').map((part) => {
    const name = BENCHMARK_NAMES.find((known) => known.toLowerCase() === part.trim().toLowerCase());
    if (!name)
      throw new CliError(
        `--benchmarks: unknown benchmark "${part}", use ${BENCHMARK_NAMES.join(', ')} or none`,
      );
    return name;
  });
}
