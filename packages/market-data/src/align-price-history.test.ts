import { describe, expect, it } from 'vitest';
import { alignPriceHistory } from './align-price-history.ts';
import { loadPriceHistory, parseSeries } from './load-price-history.ts';

const HEADER = 'date,open,high,low,close,adj_close,volume';

describe('alignPriceHistory', () => {
  it('cuts the bundled files to their common range (the documented 2007-01-11..2025-09-26)', async () => {
    const history = await loadPriceHistory({
      symbols: ['SPY', 'VTI', 'TLT', 'IEF', 'AGG', 'GLD', 'DBC', 'IEI'],
    });
    const aligned = alignPriceHistory(history);
    expect(aligned.firstDate).toBe('2007-01-11');
    expect(aligned.lastDate).toBe('2025-09-26');
    expect(aligned.dates.length).toBe(4708);
    for (const symbol of aligned.symbols) expect(aligned.adjClose.get(symbol)?.length).toBe(4708);
    const spy = history.get('SPY');
    const spyIndex = spy?.dates.indexOf('2007-01-11') ?? -1;
    expect(aligned.adjClose.get('SPY')?.[0]).toBe(spy?.adjClose[spyIndex]);
  });

  it('errors clearly when there are no common dates', () => {
    const a = parseSeries('AAA', 'AAA.csv', `${HEADER}\n2024-03-14,,,,,10,1\n`);
    const b = parseSeries('BBB', 'BBB.csv', `${HEADER}\n2024-03-15,,,,,10,1\n`);
    const history = new Map([
      ['AAA', a],
      ['BBB', b],
    ]);
    expect(() => alignPriceHistory(history)).toThrow(
      /no common dates between AAA 2024-03-14\.\.2024-03-14, BBB/,
    );
    expect(() => alignPriceHistory(history, ['CCC'])).toThrow(/symbol CCC was not loaded/);
  });
});
