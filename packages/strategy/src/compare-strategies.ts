import {
  BacktestInputError,
  type BacktestResult,
  type BacktestStats,
  DEFAULT_START_CASH_USD,
  runBacktest,
} from '@dalio-lite/backtest';
import type { StrategyComparison, StrategyFigures } from './comparison-schema.ts';
import {
  availableSymbols,
  bundledPrices,
  type DateRange,
  loadSourcePrices,
  type PriceSource,
  priceSourceIdentity,
} from './price-source.ts';
import { cacheKey, type ResultCache } from './result-cache.ts';
import type { StrategyCandidate } from './strategy-candidates.ts';
import { type ReplayPolicy, strategySettings } from './strategy-settings.ts';

/** What to compare, under which policy, on which history and dates. */
export interface CompareStrategiesOptions {
  candidates: readonly StrategyCandidate[];
  /** The user's policy and plan: every candidate is replayed under them. */
  config: ReplayPolicy;
  /** Default: the bundled history. */
  prices?: PriceSource;
  range?: DateRange;
  /** Annual, for Sharpe (0.02 = 2 %); default 0 as in `dalio backtest`. */
  riskFreeRate?: number;
  startCashUsd?: number;
  cache?: ResultCache<StrategyComparison>;
}

/** A comparison and whether it came from the cache. */
export interface CompareOutcome {
  comparison: StrategyComparison;
  cached: boolean;
}

/** Bumped when the figures' meaning changes, so older cached results stop matching. */
const COMPARISON_VERSION = 1;

/**
 * Replay every candidate with the backtester over the dates all their symbols share (cut to the range), so the
 * figures sit side by side on equal terms. Answered from the cache when every input, the data included, is equal.
 */
export async function compareStrategies(options: CompareStrategiesOptions): Promise<CompareOutcome> {
  const source = options.prices ?? bundledPrices();
  const range = options.range ?? {};
  const riskFreeRate = options.riskFreeRate ?? 0;
  const startCashUsd = options.startCashUsd ?? DEFAULT_START_CASH_USD;
  const all = options.candidates.map((candidate) => ({
    candidate,
    settings: strategySettings(candidate.targets, options.config, startCashUsd),
  }));
  const wanted = [...new Set(all.flatMap(({ settings }) => Object.keys(settings.targets)))];
  const available = await availableSymbols(source, wanted);
  const missingOf = (targets: Readonly<Record<string, number>>) =>
    Object.keys(targets).filter((symbol) => !available.has(symbol));
  const runs = all.filter(({ settings }) => missingOf(settings.targets).length === 0);
  const skipped = all
    .filter(({ settings }) => missingOf(settings.targets).length > 0)
    .map(({ candidate, settings }) => ({ id: candidate.id, missing: missingOf(settings.targets) }));
  if (runs.length === 0) {
    const missing = [...new Set(skipped.flatMap((entry) => entry.missing))].sort();
    throw new BacktestInputError(
      `no price history for ${missing.join(', ')}: add ${missing.map((symbol) => `${symbol}.csv`).join(', ')} to the price files, or compare allocations whose symbols have history`,
      { field: 'data' },
    );
  }
  const symbols = [...new Set(runs.flatMap(({ settings }) => Object.keys(settings.targets)))].sort();
  const key = cacheKey({
    version: COMPARISON_VERSION,
    candidates: runs.map(({ candidate, settings }) => ({ ...candidate, settings })),
    range,
    riskFreeRate,
    data: await priceSourceIdentity(source, symbols),
  });
  const hit = await options.cache?.get(key);
  if (hit) return { comparison: hit, cached: true };

  const prices = await loadSourcePrices(source, symbols, range);
  const strategies = runs.map(({ candidate, settings }): StrategyFigures => {
    const result = runBacktest({ prices, settings, riskFreeRate });
    const { equityCurve } = result;
    return {
      id: candidate.id,
      description: candidate.description,
      current: candidate.current,
      targets: { ...settings.targets },
      ...statsOf(result),
      equityUsd: Array.from(equityCurve.equityUsd, (value) => Math.round(value * 100) / 100),
      drawdown: Array.from(equityCurve.drawdown, (value) => Math.round(value * 1e6) / 1e6),
    };
  });
  const [first] = runs;
  const comparison: StrategyComparison = {
    key,
    dates: [...prices.dates],
    commonRange: prices.commonRange,
    policy: { ...(first?.settings.policy ?? options.config.policy) },
    startCashUsd,
    riskFreeRate,
    strategies,
    skipped,
  };
  await options.cache?.set(key, comparison);
  return { comparison, cached: false };
}

/** The backtester's statistics of a run, without its curves and logs. */
function statsOf(result: BacktestResult): BacktestStats {
  const {
    symbols,
    tradingDays,
    settings,
    riskFreeRate,
    benchmarks,
    rebalanceLog,
    equityCurve,
    replay,
    ...stats
  } = result;
  return stats;
}
