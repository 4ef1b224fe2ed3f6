import {
  drawdownSeries,
  type PolicyGrid,
  runWalkForward,
  type WalkForwardObjective,
  type WalkForwardResult,
} from '@dalio-lite/backtest';
import type { CalendarPeriod } from '@dalio-lite/core';
import {
  type BacktestFlags,
  FLAG_RANGES,
  type FlagRange,
  loadPricesForFlags,
  parseFlagNumber,
  parseFlagNumberOrNone,
  settingsFromFlags,
  toCliError,
} from '../backtest-flags.ts';
import { createGridProgress } from '../backtest-progress.ts';
import {
  renderStatsTable,
  SERIES_COLORS,
  statsToJson,
  writeEquityCsv,
  writeReport,
} from '../backtest-report.ts';
import { CliError } from '../cli-error.ts';
import { printJson } from '../output.ts';
import type { CommandContext } from './index.ts';

interface WalkForwardFlags extends BacktestFlags {
  inSampleDays: string;
  outOfSampleDays: string;
  anchored?: boolean;
  objective: string;
  gridBand: string;
  gridRelBand: string;
  gridCalendar: string;
  gridMinDays: string;
  sharpeFloor: string;
  maxSharpeRatio: string;
  workers?: string;
}

/** The numeric walk-forward flags, in their own units (the grid flags reuse the backtest flags' ranges). */
const WALK_FORWARD_RANGES = Object.freeze({
  windowDays: { noun: 'a whole number of trading days', min: 20, int: true },
  sharpeFloor: { noun: 'a Sharpe ratio', min: -100 },
  sharpeRatio: { noun: 'a ratio', min: 1 },
  workers: { noun: 'a whole number', min: 1, int: true },
} satisfies Record<string, FlagRange>);

/** Run `dalio walk-forward` (imported when the command runs; its options and help are in walk-forward-command.ts). */
export async function runWalkForwardCommand(context: CommandContext, flags: WalkForwardFlags): Promise<void> {
  const { settings, benchmarks, riskFreeRate } = settingsFromFlags(flags);
  const grid = parseGrid(flags);
  const objective = parseObjective(flags.objective);
  const runFlags = parseRunFlags(flags);
  const prices = await loadPricesForFlags(flags, context.cwd, settings, benchmarks);
  const progress = createGridProgress({
    enabled: !flags.json && process.stderr.isTTY === true,
    label: 'walk-forward',
  });
  let result: WalkForwardResult;
  try {
    result = await runWalkForward({
      prices,
      settings,
      grid,
      objective,
      benchmarks,
      riskFreeRate,
      ...runFlags,
      onProgress: progress.onProgress,
      // Slower, never wrong: say so rather than hide it.
      onFallback: (reason) =>
        context.output.stderr(
          `walk-forward: worker threads unavailable (${reason}); running the grid on one thread`,
        ),
    });
  } catch (error) {
    throw toCliError(error);
  } finally {
    progress.stop();
  }
  const written: string[] = [];
  const drawdown = drawdownSeries(result.stitched.equityUsd);
  if (flags.csv) {
    written.push(
      await writeEquityCsv(flags.csv, context.cwd, {
        dates: result.stitched.dates,
        equityUsd: result.stitched.equityUsd,
        drawdown,
      }),
    );
  }
  const table = renderStatsTable(statsRows(result));
  if (flags.report) {
    written.push(
      await writeReport(flags.report, context.cwd, {
        title: `Walk-forward ${result.stitched.startDate} – ${result.stitched.endDate}`,
        facts: [result.stability.verdict, ...describeWindows(result)],
        stats: statsRows(result),
        dates: result.stitched.dates,
        equity: [
          { label: 'walk-forward', values: result.stitched.equityUsd, color: SERIES_COLORS[0] },
          ...Object.entries(result.benchmarks).map(([label, stats], i) => ({
            label,
            values: stats.equityUsd,
            color: SERIES_COLORS[(i + 1) % SERIES_COLORS.length] as string,
          })),
        ],
        drawdown,
      }),
    );
  }
  if (flags.json) printJson(context.output, { ...walkForwardToJson(result), files: written });
  else {
    context.output.stdout(
      [
        ...describeWindows(result),
        '',
        table,
        '',
        result.stability.verdict,
        ...written.map((f) => `wrote ${f}`),
      ].join('\n'),
    );
  }
}

/** Window, stability and worker flags, checked in their own units before any price is loaded. */
function parseRunFlags(flags: WalkForwardFlags) {
  const { windowDays, sharpeFloor, sharpeRatio, workers } = WALK_FORWARD_RANGES;
  return {
    windows: {
      inSampleDays: parseFlagNumber('--in-sample-days', flags.inSampleDays, windowDays),
      outOfSampleDays: parseFlagNumber('--out-of-sample-days', flags.outOfSampleDays, windowDays),
      anchored: flags.anchored ?? false,
    },
    stability: {
      sharpeFloor: parseFlagNumber('--sharpe-floor', flags.sharpeFloor, sharpeFloor),
      maxSharpeRatio: parseFlagNumber('--max-sharpe-ratio', flags.maxSharpeRatio, sharpeRatio),
    },
    workers: flags.workers === undefined ? undefined : parseFlagNumber('--workers', flags.workers, workers),
  };
}

/** The `--json` document of a walk-forward run. */
export function walkForwardToJson(result: WalkForwardResult): Record<string, unknown> {
  return {
    objective: result.objective,
    windowPlan: result.windowPlan,
    gridSize: result.gridSize,
    ...statsToJson(result.stitched),
    windows: result.windows.map((w) => ({
      index: w.index,
      inSample: {
        startDate: w.inSample.startDate,
        endDate: w.inSample.endDate,
        days: w.inSample.days,
        score: w.inSample.score,
        stats: w.inSample.stats,
      },
      outOfSample: {
        ...statsToJson(w.outOfSample.stats),
        startDate: w.outOfSample.startDate,
        endDate: w.outOfSample.endDate,
        days: w.outOfSample.days,
      },
      policy: w.policy,
      policyLabel: w.policyLabel,
    })),
    fixedPolicy: { policyLabel: result.fixedPolicy.policyLabel, ...statsToJson(result.fixedPolicy) },
    benchmarks: Object.fromEntries(
      Object.entries(result.benchmarks).map(([name, stats]) => [name, statsToJson(stats)]),
    ),
    parameterStability: result.parameterStability,
    stability: result.stability,
  };
}

function statsRows(result: WalkForwardResult) {
  return [
    { label: 'walk-forward', stats: result.stitched },
    { label: `fixed (${result.fixedPolicy.policyLabel})`, stats: result.fixedPolicy },
    ...Object.entries(result.benchmarks).map(([label, stats]) => ({ label, stats })),
  ];
}

function describeWindows(result: WalkForwardResult): string[] {
  const { parameterStability: stability } = result;
  return [
    `${result.windows.length} windows, ${result.windowPlan.anchored ? 'anchored' : 'rolling'} ${result.windowPlan.inSampleDays} in-sample / ${result.windowPlan.outOfSampleDays} out-of-sample days, ${result.gridSize} policies, best in-sample ${result.objective}`,
    ...result.windows.map(
      (w) =>
        `  ${w.outOfSample.startDate}..${w.outOfSample.endDate}  Sharpe ${w.outOfSample.stats.sharpe.toFixed(2).padStart(5)}  CAGR ${(w.outOfSample.stats.cagr * 100).toFixed(1).padStart(5)} %  ${w.policyLabel}`,
    ),
    `Parameter stability: ${stability.distinctChoices} distinct choices, ${stability.changes} changes; most common "${stability.mostCommon.policyLabel}" in ${stability.mostCommon.windows} of ${stability.windows} windows`,
  ];
}

function parseObjective(raw: string): WalkForwardObjective {
  if (raw === 'sharpe' || raw === 'cagr' || raw === 'calmar') return raw;
  throw new CliError(`--objective: "${raw}" is not an objective, use sharpe, cagr or calmar`);
}

function parseGrid(flags: WalkForwardFlags): PolicyGrid {
  const list = (raw: string) =>
    raw
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
  // Each value is checked in the flag's points or percent before it becomes the API's fraction.
  const fractions = (flag: string, raw: string, range: FlagRange) =>
    list(raw).map((part) => {
      const value = parseFlagNumberOrNone(flag, part, range);
      return value === null ? null : value / 100;
    });
  const calendar = list(flags.gridCalendar).map((part): CalendarPeriod | null => {
    const value = part.toLowerCase();
    if (value === 'none') return null;
    if (value === 'monthly' || value === 'quarterly' || value === 'yearly') return value;
    throw new CliError(`--grid-calendar: "${part}" is not a period, use monthly, quarterly, yearly or none`);
  });
  return {
    absoluteBand: fractions('--grid-band', flags.gridBand, FLAG_RANGES.bandPts),
    relativeBand: fractions('--grid-rel-band', flags.gridRelBand, FLAG_RANGES.relBandPct),
    calendar,
    minDaysBetween: list(flags.gridMinDays).map((part) =>
      parseFlagNumber('--grid-min-days', part, FLAG_RANGES.days),
    ),
  };
}
