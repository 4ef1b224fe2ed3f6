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

/**
 * What each numeric flag accepts, in the unit its help names (points, %, USD, days). The CLI checks these before
 * converting to the backtest API's fractions, so an error never shows the user a unit they did not type.
 */
export const FLAG_RANGES = Object.freeze({
  bandPts: { noun: 'a number of points', min: 0, max: 100 },
  relBandPct: { noun: 'a percentage of the target', min: 0 },
  days: { noun: 'a number of days', min: 0 },
  cashUsd: { noun: 'an amount in USD', min: 0, aboveMin: true },
  usd: { noun: 'an amount in USD', min: 0 },
  reservePct: { noun: 'a percentage of equity', min: 0, max: 100 },
  slippageBps: { noun: 'a number of basis points', min: 0, max: 1000 },
  riskFreePct: { noun: 'a percentage', min: -100, max: 100 },
} satisfies Record<string, FlagRange>);

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
      `absolute band in percentage points ${describeRange(FLAG_RANGES.bandPts)} (0 = trade on any drift), or none (default ${pct(DEFAULT_POLICY.absoluteBand ?? 0)})`,
    )
    .option(
      '--rel-band <pct>',
      `relative band in % of the target, ${describeRange(FLAG_RANGES.relBandPct)} (0 = trade on any drift), or none (default ${pct(DEFAULT_POLICY.relativeBand ?? 0)})`,
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
      `cash kept uninvested, % of equity ${describeRange(FLAG_RANGES.reservePct)} (default ${pct(DEFAULT_PLAN_OPTIONS.cashReservePct)})`,
    )
    .option('--fee-usd <usd>', 'fee per order in USD', '0')
    .option(
      '--slippage-bps <bps>',
      `slippage per fill in basis points ${describeRange(FLAG_RANGES.slippageBps)}`,
      '0',
    )
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
  const fraction = (flag: string, raw: string, range: FlagRange) => {
    const value = parseFlagNumberOrNone(flag, raw, range);
    // Points and percent become the API's fractions only after the check, so errors speak the user's unit.
    return value === null ? null : value / 100;
  };
  try {
    const settings = resolveBacktestSettings({
      targets: parseTargets(flags),
      policy: {
        ...(flags.band !== undefined && {
          absoluteBand: fraction('--band', flags.band, FLAG_RANGES.bandPts),
        }),
        ...(flags.relBand !== undefined && {
          relativeBand: fraction('--rel-band', flags.relBand, FLAG_RANGES.relBandPct),
        }),
        ...(flags.calendar !== undefined && { calendar: parseCalendar(flags.calendar) }),
        ...(flags.minDays !== undefined && {
          minDaysBetween: parseFlagNumber('--min-days', flags.minDays, FLAG_RANGES.days),
        }),
      },
      plan: {
        ...(flags.minTradeUsd !== undefined && {
          minTradeUsd: parseFlagNumber('--min-trade-usd', flags.minTradeUsd, FLAG_RANGES.usd),
        }),
        ...(flags.reservePct !== undefined && {
          cashReservePct: parseFlagNumber('--reserve-pct', flags.reservePct, FLAG_RANGES.reservePct) / 100,
        }),
      },
      startCashUsd: parseFlagNumber('--cash', flags.cash ?? '100000', FLAG_RANGES.cashUsd),
      feePerOrderUsd: parseFlagNumber('--fee-usd', flags.feeUsd ?? '0', FLAG_RANGES.usd),
      slippageBps: parseFlagNumber('--slippage-bps', flags.slippageBps ?? '0', FLAG_RANGES.slippageBps),
      wholeShares: flags.wholeShares ?? false,
      execution: parseExecution(flags.execution ?? 'same-close'),
    });
    return {
      settings,
      benchmarks,
      riskFreeRate: parseFlagNumber('--risk-free', flags.riskFree ?? '0', FLAG_RANGES.riskFreePct) / 100,
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
  checkDateFlags(flags);
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

/** `--from` and `--to` must be dates (YYYY-MM-DD) and in order; a CliError names the flag and the fix. */
export function checkDateFlags(flags: { from?: string; to?: string }): void {
  for (const [flag, date] of [
    ['--from', flags.from],
    ['--to', flags.to],
  ] as const) {
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw new CliError(`${flag}: "${date}" is not a date, use YYYY-MM-DD`);
    }
  }
  if (flags.from !== undefined && flags.to !== undefined && flags.from > flags.to) {
    throw new CliError(reversedDates(flags.from, flags.to));
  }
}

/** The message for `--from` after `--to`: they are reversed, say so. */
export function reversedDates(from: string, to: string): string {
  return `--from ${from} is after --to ${to}: the dates are reversed; swap them (--from ${to} --to ${from})`;
}

/** Turn the backtest package's input errors into the CLI's usage error (exit 2, one line). */
export function toCliError(error: unknown): unknown {
  if (error instanceof BacktestInputError) return new CliError(error.message, { cause: error });
  return error;
}

/** What a numeric flag accepts, in the flag's own unit; its errors and help state it the same way. */
export interface FlagRange {
  /** What one value is, e.g. `a number of points`. */
  noun: string;
  min: number;
  max?: number;
  /** The minimum itself is not allowed (start cash must be above 0). */
  aboveMin?: boolean;
  /** Whole numbers only. */
  int?: boolean;
}

/** The range as help and errors say it: `between 0 and 100`, `above 0` or `≥ 20`. */
export function describeRange(range: FlagRange): string {
  if (range.max !== undefined) return `between ${range.min} and ${range.max}`;
  return range.aboveMin ? `above ${range.min}` : `≥ ${range.min}`;
}

/** Parse a number flag in its own unit (a trailing `%` is allowed); anything else is a CliError naming the flag. */
export function parseFlagNumber(flag: string, raw: string, range: FlagRange): number {
  const value = numberInRange(raw, range);
  if (value === null) throw new CliError(`${flag}: "${raw}" is not ${range.noun} ${describeRange(range)}`);
  return value;
}

/** Like `parseFlagNumber`, but `none` gives null (a band that is off). */
export function parseFlagNumberOrNone(flag: string, raw: string, range: FlagRange): number | null {
  if (raw.trim().toLowerCase() === 'none') return null;
  const value = numberInRange(raw, range);
  if (value === null) {
    throw new CliError(`${flag}: "${raw}" is not ${range.noun} ${describeRange(range)}, or none`);
  }
  return value;
}

function numberInRange(raw: string, range: FlagRange): number | null {
  const text = raw.trim().replace(/%$/, '');
  const value = Number(text);
  const valid =
    text !== '' &&
    Number.isFinite(value) &&
    (range.aboveMin ? value > range.min : value >= range.min) &&
    (range.max === undefined || value <= range.max) &&
    (!range.int || Number.isInteger(value));
  return valid ? value : null;
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
