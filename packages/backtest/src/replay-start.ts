import { BacktestInputError } from './backtest-input-error.ts';
import type { ReplayAccount } from './execute-plan.ts';
import type { PriceTable } from './price-table.ts';

/** The close series of each symbol, in the order given; throws when one is missing or misaligned, or there are no dates. */
export function alignedCloses(prices: PriceTable, symbols: readonly string[]): Float64Array[] {
  const n = prices.dates.length;
  const closes = symbols.map((symbol) => {
    const series = prices.adjClose.get(symbol);
    if (!series || series.length !== n) {
      throw new BacktestInputError(
        `prices: no aligned prices for ${symbol}, load its history with the others`,
        {
          field: `prices.${symbol}`,
        },
      );
    }
    return series;
  });
  if (n === 0) throw new BacktestInputError('prices: no dates to replay', { field: 'dates' });
  return closes;
}

/** The account a replay starts with: the cash and the shares held, which must be of target symbols. */
export function openReplayAccount(
  symbolIndex: ReadonlyMap<string, number>,
  cashUsd: number,
  startQty: Readonly<Record<string, number>>,
): ReplayAccount {
  const account: ReplayAccount = { cashUsd, qty: new Float64Array(symbolIndex.size) };
  for (const [symbol, qty] of Object.entries(startQty)) {
    const index = symbolIndex.get(symbol);
    if (index === undefined) {
      throw new BacktestInputError(`startQty: ${symbol} is not a target symbol`, { field: 'startQty' });
    }
    account.qty[index] = qty;
  }
  return account;
}

/** Cash plus the holdings at row `t`'s closes. */
export function accountEquityUsd(account: ReplayAccount, closes: readonly Float64Array[], t: number): number {
  let equity = account.cashUsd;
  for (let j = 0; j < account.qty.length; j++)
    equity += (account.qty[j] as number) * ((closes[j] as Float64Array)[t] as number);
  return equity;
}
