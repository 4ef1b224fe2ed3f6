import { alignPriceHistory, loadPriceHistory, PriceDataError } from '@dalio-lite/market-data';
import { BacktestInputError } from './backtest-input-error.ts';
import { type PriceTable, slicePriceTable, validatePriceTable } from './price-table.ts';

/** Which price files to read and which dates to keep. */
export interface LoadBacktestPricesOptions {
  /** Directory of `<SYMBOL>.csv` files; defaults to the bundled history. */
  dir?: string;
  symbols: readonly string[];
  from?: string;
  to?: string;
}

/** Prices on the dates every symbol shares, cut to `from`..`to`, with that range reported. */
export interface LoadedBacktestPrices extends PriceTable {
  symbols: readonly string[];
  /** The common range of the symbols before `from`/`to` were applied. */
  commonRange: { firstDate: string; lastDate: string };
}

/** Load, validate and align price files through market-data; every bad input becomes a BacktestInputError. */
export async function loadBacktestPrices(options: LoadBacktestPricesOptions): Promise<LoadedBacktestPrices> {
  const symbols = [...new Set(options.symbols)].sort();
  try {
    const history = await loadPriceHistory({ dir: options.dir, symbols });
    const aligned = alignPriceHistory(history, symbols);
    const table = slicePriceTable(aligned, { from: options.from, to: options.to });
    validatePriceTable(table, symbols);
    return {
      symbols,
      dates: table.dates,
      adjClose: table.adjClose,
      commonRange: { firstDate: aligned.firstDate, lastDate: aligned.lastDate },
    };
  } catch (error) {
    if (error instanceof PriceDataError)
      throw new BacktestInputError(error.message, { field: 'data', cause: error });
    throw error;
  }
}
