import { join, resolve } from 'node:path';
import type { DalioConfig } from '@dalio-lite/config';
import {
  bundledPrices,
  compareStrategies,
  createResultCache,
  formatTargets,
  type PriceSource,
  type ResultCache,
  type StrategyComparison,
  strategyCandidates,
  strategyComparisonSchema,
} from '@dalio-lite/strategy';
import type { Logger } from 'pino';
import { checkDateFlags, toCliError } from '../backtest-flags.ts';
import { statsToJson } from '../backtest-report.ts';
import { renderStatsTable } from '../backtest-stats-table.ts';
import { loadCliConfig } from '../cli-config.ts';
import { createCommandLogger } from '../logger.ts';
import { printJson } from '../output.ts';
import type { CommandContext } from './index.ts';

interface CompareFlags {
  from?: string;
  to?: string;
  data?: string;
  curves?: boolean;
  json?: boolean;
  config?: string;
}

/** Run `dalio strategy compare` (imported when the command runs; its options and help are in strategy-command.ts). */
export async function runStrategyCompareCommand(context: CommandContext, flags: CompareFlags): Promise<void> {
  const config = await loadCliConfig(context, flags.config);
  const range = dateRange(flags);
  const logger = createCommandLogger(config, false, { env: context.env });
  const { comparison, cached } = await compareStrategies({
    candidates: strategyCandidates(config.allocation),
    config,
    prices: priceSource(flags.data, context.cwd),
    range,
    cache: strategyCache(config, logger),
  }).catch((error: unknown) => {
    throw toCliError(error);
  });
  if (flags.json) {
    printJson(context.output, comparisonToJson(comparison, cached, flags.curves === true));
    return;
  }
  context.output.stdout(renderComparison(comparison).join('\n'));
}

/** The price files to replay: `--data DIR` (relative to the working directory) or the bundled history. */
export function priceSource(data: string | undefined, cwd: string): PriceSource {
  return data === undefined ? bundledPrices() : { kind: 'files', dir: resolve(cwd, data) };
}

/** Results kept in memory and under `<stateDir>/cache/strategy`, so a repeat (or the dashboard) is instant. */
export function strategyCache(config: DalioConfig, logger: Logger): ResultCache<StrategyComparison> {
  return createResultCache({
    disk: {
      dir: join(config.paths.stateDir, 'cache', 'strategy'),
      schema: strategyComparisonSchema,
      onWriteError: (error) =>
        logger.warn({ event: 'strategy.cache_write_failed', err: error }, 'backtest result not cached'),
    },
  });
}

/** `--from`/`--to` checked as dates and in order. */
function dateRange(flags: { from?: string; to?: string }): { from?: string; to?: string } {
  checkDateFlags(flags);
  return { ...(flags.from && { from: flags.from }), ...(flags.to && { to: flags.to }) };
}

/** The `--json` document: every strategy's figures as `dalio backtest --json` rounds them. */
export function comparisonToJson(
  comparison: StrategyComparison,
  cached: boolean,
  curves: boolean,
): Record<string, unknown> {
  return {
    from: comparison.dates[0],
    to: comparison.dates.at(-1),
    tradingDays: comparison.dates.length,
    commonRange: comparison.commonRange,
    policy: comparison.policy,
    startCashUsd: comparison.startCashUsd,
    riskFreeRate: comparison.riskFreeRate,
    cached,
    skipped: comparison.skipped,
    ...(curves && { dates: comparison.dates }),
    strategies: comparison.strategies.map((figures) => ({
      id: figures.id,
      description: figures.description,
      current: figures.current,
      targets: figures.targets,
      ...statsToJson(figures),
      ...(curves && { equityUsd: figures.equityUsd, drawdown: figures.drawdown }),
    })),
  };
}

/** The comparison as a person reads it: the dates, the policy, one row per allocation, the mixes. */
export function renderComparison(comparison: StrategyComparison): string[] {
  const { policy } = comparison;
  const band = (value: number | null, unit: string) => (value === null ? 'none' : `${value * 100} ${unit}`);
  return [
    `Dates: ${comparison.dates[0]} to ${comparison.dates.at(-1)} (${comparison.dates.length} trading days, the same for every allocation; their symbols share ${comparison.commonRange.firstDate} to ${comparison.commonRange.lastDate})`,
    `Policy (yours): band ${band(policy.absoluteBand, 'pts')}, relative ${band(policy.relativeBand, '%')}, calendar ${policy.calendar ?? 'none'}, min ${policy.minDaysBetween} days; $${comparison.startCashUsd.toLocaleString('en-US')} start, no fees`,
    '',
    renderStatsTable(
      comparison.strategies.map((figures) => ({
        label: `${figures.id}${figures.current ? ' *' : ''}`,
        stats: figures,
      })),
    ),
    '',
    ...comparison.strategies.map(
      (figures) =>
        `${figures.current ? '* ' : '  '}${figures.id}: ${formatTargets(figures.targets)}; max drawdown ${figures.maxDrawdownPeakDate} to ${figures.maxDrawdownTroughDate}`,
    ),
    '* = your current allocation',
    ...comparison.skipped.map(
      ({ id, missing }) =>
        `Not compared: ${id} (no price history for ${missing.join(', ')}; add it with --data DIR)`,
    ),
  ];
}
