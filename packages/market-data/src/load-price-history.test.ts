import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PRICES_DIR } from './bundled-prices-dir.ts';
import { loadPriceHistory } from './load-price-history.ts';

const HEADER = 'date,open,high,low,close,adj_close,volume';

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'prices-'));
  for (const [name, body] of Object.entries(files)) await writeFile(join(dir, name), body);
  return dir;
}

async function loadError(body: string): Promise<string> {
  const dir = await dirWith({ 'XYZ.csv': body });
  const error = await loadPriceHistory({ dir, symbols: ['XYZ'] }).then(
    () => new Error('loaded'),
    (e: Error) => e,
  );
  return error.message;
}

describe('loadPriceHistory', () => {
  it('loads every bundled symbol with adjusted closes', async () => {
    const symbols = ['SPY', 'VTI', 'TLT', 'IEF', 'AGG', 'GLD', 'DBC', 'IEI'];
    const history = await loadPriceHistory({ symbols });
    const spy = history.get('SPY');
    expect(spy?.dates[0]).toBe('1993-01-29');
    expect(spy?.dates.at(-1)).toBe('2025-09-26');
    expect(spy?.adjClose.length).toBe(8222);
    expect(spy?.adjClose[0]).toBeCloseTo(24.313047, 6);
    expect(history.get('IEI')?.adjClose[0]).toBeCloseTo(69.0077, 6);
    expect(BUNDLED_PRICES_DIR).toMatch(/data[/\\]prices[/\\]?$/);
  });

  it('names the missing file for an unknown symbol', async () => {
    await expect(loadPriceHistory({ symbols: ['NOPE'] })).rejects.toThrow(
      /NOPE\.csv: no price history for symbol NOPE/,
    );
  });

  it.each([
    [
      'unsorted dates',
      `${HEADER}\n2024-03-15,,,,,10,1\n2024-03-14,,,,,10,1\n`,
      /XYZ\.csv:3: dates out of order/,
    ],
    [
      'duplicate dates',
      `${HEADER}\n2024-03-15,,,,,10,1\n2024-03-15,,,,,10,1\n`,
      /XYZ\.csv:3: duplicate date 2024-03-15/,
    ],
    ['zero price', `${HEADER}\n2024-03-15,,,,,0,1\n`, /XYZ\.csv:2: adj_close on 2024-03-15 is "0"/],
    [
      'non-numeric price',
      `${HEADER}\n2024-03-15,abc,1,1,1,10,1\n`,
      /XYZ\.csv:2: open on 2024-03-15 is "abc"/,
    ],
    [
      'negative close',
      `${HEADER}\n2024-03-15,1,1,1,-2,10,1\n`,
      /XYZ\.csv:2: close .* must be a positive number/,
    ],
    [
      'gap',
      `${HEADER}\n2024-03-14,,,,,10,1\n2024-03-18,,,,,10,1\n`,
      /XYZ\.csv:3: gap: trading day 2024-03-15 is missing/,
    ],
    ['holiday row', `${HEADER}\n2024-12-25,,,,,10,1\n`, /XYZ\.csv:2: 2024-12-25 is not an NYSE trading day/],
    ['bad header', 'day,price\n2024-03-15,1\n', /XYZ\.csv:1: header must be/],
    ['bad date', `${HEADER}\n15/03/2024,,,,,10,1\n`, /XYZ\.csv:2: "15\/03\/2024" is not a date/],
    ['empty file', `${HEADER}\n`, /XYZ\.csv: no rows/],
    ['ragged row', `${HEADER}\n2024-03-15,1,1\n`, /XYZ\.csv:2: not valid CSV/],
  ])('rejects %s with a one-line message', async (_name, body, pattern) => {
    const message = await loadError(body);
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });
});
