import { type AssetInfo, SYMBOL_PATTERN } from '@dalio-lite/core';
import { compareStrategies } from './compare-strategies.ts';
import type { StrategyComparison } from './comparison-schema.ts';
import { checkDraftWeights, type DraftWeights } from './draft-weights.ts';
import {
  bundledPrices,
  type DateRange,
  type PriceSource,
  type SymbolHistory,
  symbolHistories,
} from './price-source.ts';
import type { ResultCache } from './result-cache.ts';
import type { ReplayPolicy } from './strategy-settings.ts';

/** What the broker and the history say about one symbol of a draft. */
export interface SymbolCheck {
  symbol: string;
  /** null when the broker could not be asked. */
  tradable: boolean | null;
  fractionable: boolean | null;
  history: SymbolHistory;
  /** What blocks applying the draft because of this symbol. */
  problems: string[];
  /** What the user should know but need not fix. */
  notes: string[];
}

/** The full verdict on a draft: `ok` means it may be applied. */
export interface DraftCheck {
  ok: boolean;
  totalPct: number;
  /** Every blocking problem, one line each (weights first, then symbols). */
  problems: string[];
  /** What the user should know about the change as a whole (a symbol the new mix drops). */
  notes: string[];
  symbols: SymbolCheck[];
  /** The draft's backtest when every symbol has history, else null with `previewNote` saying why. */
  preview: StrategyComparison | null;
  previewNote: string | null;
}

/** What a draft check needs: the broker's asset lookup, the user's policy, and the history to preview on. */
export interface CheckAllocationDraftOptions {
  weightsPct: DraftWeights;
  /** The allocation in force now, to say what happens to the symbols the draft drops. */
  currentTargets?: Readonly<Record<string, number>>;
  getAsset: (symbol: string) => Promise<AssetInfo | null>;
  config: ReplayPolicy;
  prices?: PriceSource;
  range?: DateRange;
  cache?: ResultCache<StrategyComparison>;
}

/** Check a draft against the broker's assets and the history, and backtest it where the history allows. */
export async function checkAllocationDraft(options: CheckAllocationDraftOptions): Promise<DraftCheck> {
  const weights = checkDraftWeights(options.weightsPct);
  const prices = options.prices ?? bundledPrices();
  // A string that is no ticker is reported by the weight check and never reaches the broker or a file name.
  const symbols = Object.keys(options.weightsPct).filter((symbol) => SYMBOL_PATTERN.test(symbol));
  const histories = await symbolHistories(prices, symbols);
  const checks = await Promise.all(histories.map((history) => checkSymbol(history, options.getAsset)));
  const problems = [...weights.problems, ...checks.flatMap((check) => check.problems)];
  const missing = histories.filter((history) => !history.available).map((history) => history.symbol);
  let preview: StrategyComparison | null = null;
  let previewNote: string | null = null;
  if (weights.targets === null) previewNote = 'no preview until the weights are valid';
  else if (missing.length > 0) {
    previewNote = `no preview: there is no price history for ${missing.join(', ')}; the allocation can still be applied`;
  } else {
    const { comparison } = await compareStrategies({
      candidates: [{ id: 'draft', description: 'Your draft', targets: weights.targets, current: false }],
      config: options.config,
      prices,
      range: options.range,
      cache: options.cache,
    });
    preview = comparison;
  }
  const dropped = Object.keys(options.currentTargets ?? {}).filter(
    (symbol) => !(symbol in options.weightsPct),
  );
  const notes = dropped.map((symbol) =>
    options.config.plan.nonTargetHoldings === 'liquidate'
      ? `${symbol} leaves the allocation: the next rebalance sells it (plan.nonTargetHoldings: liquidate)`
      : `${symbol} leaves the allocation but stays held, unmanaged (plan.nonTargetHoldings: ignore); sell it yourself or set liquidate`,
  );
  return {
    ok: problems.length === 0,
    totalPct: weights.totalPct,
    problems,
    notes,
    symbols: checks,
    preview,
    previewNote,
  };
}

async function checkSymbol(
  history: SymbolHistory,
  getAsset: CheckAllocationDraftOptions['getAsset'],
): Promise<SymbolCheck> {
  const { symbol } = history;
  const notes = history.available
    ? []
    : [`no price history for ${symbol}, so the preview backtest cannot include it`];
  let asset: AssetInfo | null;
  try {
    asset = await getAsset(symbol);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      symbol,
      tradable: null,
      fractionable: null,
      history,
      problems: [
        `${symbol}: the broker could not be asked whether it trades it (${message}); try again when it is reachable`,
      ],
      notes,
    };
  }
  if (asset === null) {
    return {
      symbol,
      tradable: false,
      fractionable: null,
      history,
      problems: [`${symbol} is not an asset the broker knows: check the ticker`],
      notes,
    };
  }
  const problems = asset.tradable
    ? []
    : [`${symbol} is not tradable at the broker (delisted or restricted): pick another symbol`];
  if (asset.tradable && !asset.fractionable) {
    notes.push(`${symbol} trades in whole shares only: its orders are rounded down to whole shares`);
  }
  return { symbol, tradable: asset.tradable, fractionable: asset.fractionable, history, problems, notes };
}
