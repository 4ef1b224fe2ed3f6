import { describe, expect, it } from 'vitest';
import { historyFeed } from '../../test/fixtures.ts';
import { createModelPriceFeed } from './price-feed.ts';

const at = (iso: string) => Date.parse(iso);

describe('history price feed', () => {
  it('holds the previous close before the open, moves to the close during the day, holds it after', async () => {
    const feed = await historyFeed();
    const previousClose = feed.priceAt('SPY', at('2024-03-14T21:00:00Z')) ?? 0;
    const close = feed.priceAt('SPY', at('2024-03-15T20:00:00Z')) ?? 0;
    expect(previousClose).not.toBe(close);
    expect(feed.priceAt('SPY', at('2024-03-15T13:00:00Z'))).toBe(previousClose);
    expect(feed.priceAt('SPY', at('2024-03-15T16:45:00Z'))).toBeCloseTo((previousClose + close) / 2, 9);
    expect(feed.priceAt('SPY', at('2024-03-16T15:00:00Z'))).toBe(close);
    expect(feed.priceAt('NOPE', at('2024-03-15T16:45:00Z'))).toBeNull();
  });
});

describe('model price feed', () => {
  it('gives the same positive prices for the same seed and different ones for another', () => {
    const a = createModelPriceFeed({ seed: 7, symbols: ['AAA', 'BBB'] });
    const b = createModelPriceFeed({ seed: 7, symbols: ['AAA', 'BBB'] });
    const c = createModelPriceFeed({ seed: 8, symbols: ['AAA', 'BBB'] });
    const t = at('2024-03-15T20:00:00Z');
    expect(a.priceAt('AAA', t)).toBe(b.priceAt('AAA', t));
    expect(a.priceAt('AAA', t)).not.toBe(c.priceAt('AAA', t));
    expect(a.priceAt('AAA', t)).not.toBe(a.priceAt('BBB', t));
    expect(a.priceAt('AAA', t)).toBeGreaterThan(0);
  });
});
