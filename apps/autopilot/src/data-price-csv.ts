import type { DailyBar } from '@dalio-lite/broker';
import { toDecimalString } from '@dalio-lite/broker';
import { parseSeries } from '@dalio-lite/market-data';

/** The header `@dalio-lite/market-data` requires. */
export const PRICE_CSV_HEADER = 'date,open,high,low,close,adj_close,volume';

/**
 * One symbol's bars as a price file `loadPriceHistory` reads. The bars are adjusted (Alpaca `adjustment=all`),
 * so every price column holds adjusted prices and `close` equals `adj_close`. Checked by market-data's own
 * parser before it is returned, so a file that would not load (a gap, a non-trading day) is never written.
 */
export function formatPriceCsv(symbol: string, bars: readonly DailyBar[]): string {
  const price = (usd: number) => toDecimalString(usd, 6);
  const rows = bars.map((bar) =>
    [
      bar.date,
      price(bar.open),
      price(bar.high),
      price(bar.low),
      price(bar.close),
      price(bar.close),
      toDecimalString(bar.volume, 4),
    ].join(','),
  );
  const text = `${[PRICE_CSV_HEADER, ...rows].join('\n')}\n`;
  parseSeries(symbol, `${symbol}.csv`, text);
  return text;
}
