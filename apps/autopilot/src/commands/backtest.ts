import { type BacktestResult, runBacktest } from '@dalio-lite/backtest';
import { type BacktestFlags, loadPricesForFlags, settingsFromFlags, toCliError } from '../backtest-flags.ts';
import {
  renderStatsTable,
  SERIES_COLORS,
  statsToJson,
  writeEquityCsv,
  writeReport,
} from '../backtest-report.ts';
import { printJson } from '../output.ts';
import type { CommandContext } from './index.ts';

/** Run `dalio backtest` (imported when the command runs; its options and help are in backtest-command.ts). */
export async function runBacktestCommand(context: CommandContext, flags: BacktestFlags): Promise<void> {
  const { settings, benchmarks, riskFreeRate } = settingsFromFlags(flags);
  const prices = await loadPricesForFlags(flags, context.cwd, settings, benchmarks);
  let result: BacktestResult;
  try {
    result = runBacktest({ prices, settings, benchmarks, riskFreeRate });
  } catch (error) {
    throw toCliError(error);
  }
  const written: string[] = [];
  if (flags.csv) written.push(await writeEquityCsv(flags.csv, context.cwd, result.equityCurve));
  if (flags.report) {
    written.push(
      await writeReport(flags.report, context.cwd, {
        title: `Backtest ${result.startDate} – ${result.endDate}`,
        facts: describeRun(result, prices.commonRange),
        stats: statsRows(result),
        dates: result.equityCurve.dates,
        equity: [
          { label: 'portfolio', values: result.equityCurve.equityUsd, color: SERIES_COLORS[0] },
          ...Object.entries(result.benchmarks).map(([label, stats], i) => ({
            label,
            values: stats.equityUsd,
            color: SERIES_COLORS[(i + 1) % SERIES_COLORS.length] as string,
          })),
        ],
        drawdown: result.equityCurve.drawdown,
        sections: [{ title: 'Rebalances', text: renderRebalances(result) }],
      }),
    );
  }
  if (flags.json) {
    printJson(context.output, backtestToJson(result, prices.commonRange, written));
    return;
  }
  context.output.stdout(
    [
      ...describeRun(result, prices.commonRange),
      '',
      renderStatsTable(statsRows(result)),
      ...written.map((f) => `wrote ${f}`),
    ].join('\n'),
  );
}

/** The `--json` document of a backtest. */
export function backtestToJson(
  result: BacktestResult,
  commonRange: { firstDate: string; lastDate: string },
  files: readonly string[] = [],
): Record<string, unknown> {
  return {
    ...statsToJson(result),
    tradingDays: result.tradingDays,
    commonRange,
    symbols: result.symbols,
    settings: result.settings,
    riskFreeRate: result.riskFreeRate,
    benchmarks: Object.fromEntries(
      Object.entries(result.benchmarks).map(([name, stats]) => [name, statsToJson(stats)]),
    ),
    rebalanceLog: result.rebalanceLog.map((record) => ({
      date: record.date,
      fillDate: record.fillDate,
      trigger: record.trigger,
      reason: record.reason,
      initial: record.initial,
      orders: record.orders,
      fills: record.fills,
      tradedUsd: record.tradedUsd,
      costsUsd: record.costsUsd,
    })),
    files,
  };
}

function statsRows(result: BacktestResult) {
  return [
    { label: 'portfolio', stats: result },
    ...Object.entries(result.benchmarks).map(([label, stats]) => ({ label, stats })),
  ];
}

function describeRun(result: BacktestResult, commonRange: { firstDate: string; lastDate: string }): string[] {
  const targets = Object.entries(result.settings.targets)
    .map(([symbol, weight]) => `${symbol} ${(weight * 100).toFixed(1)} %`)
    .join(', ');
  const { policy } = result.settings;
  return [
    `Targets: ${targets}`,
    `Dates: ${result.startDate} to ${result.endDate} (${result.tradingDays} trading days; the symbols share ${commonRange.firstDate} to ${commonRange.lastDate})`,
    `Policy: band ${policy.absoluteBand === null ? 'none' : `${policy.absoluteBand * 100} pts`}, relative ${policy.relativeBand === null ? 'none' : `${policy.relativeBand * 100} %`}, calendar ${policy.calendar ?? 'none'}, min ${policy.minDaysBetween} days; fills at ${result.settings.execution}`,
    `Max drawdown ${(result.maxDrawdown * 100).toFixed(1)} % from ${result.maxDrawdownPeakDate} to ${result.maxDrawdownTroughDate}`,
  ];
}

function renderRebalances(result: BacktestResult): string {
  return result.rebalanceLog
    .map((record) => {
      const fills = record.fills
        .map((f) => `${f.side} ${f.qty.toFixed(4)} ${f.symbol} @ ${f.priceUsd.toFixed(2)}`)
        .join(', ');
      return `${record.date}  ${record.initial ? 'initial investment' : record.reason}\n    ${fills}`;
    })
    .join('\n');
}
