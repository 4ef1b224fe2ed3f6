import { copyFileSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BacktestInputError,
  createPriceTable,
  loadBacktestPrices,
  resolveBacktestSettings,
  runBacktest,
} from '@dalio-lite/backtest';
import { defaultConfig } from '@dalio-lite/config';
import { PRESETS } from '@dalio-lite/core';
import { BUNDLED_PRICES_DIR } from '@dalio-lite/market-data';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareStrategies } from './compare-strategies.ts';
import { strategyComparisonSchema } from './comparison-schema.ts';
import { createResultCache } from './result-cache.ts';
import { strategyCandidates } from './strategy-candidates.ts';

const config = defaultConfig({ HOME: '/nonexistent' });
const range = { from: '2012-01-01', to: '2016-12-31' };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dalio-strategy-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('compareStrategies', () => {
  it('gives each preset the backtester’s own figures, over the dates every symbol shares', async () => {
    const candidates = strategyCandidates(config.allocation);
    const { comparison, cached } = await compareStrategies({ candidates, config, range });
    expect(cached).toBe(false);
    expect(comparison.strategies.map((s) => [s.id, s.current])).toEqual([
      ['dalio-lite', true],
      ['all-weather', false],
      ['sixty-forty', false],
      ['permanent', false],
    ]);
    const symbols = ['AGG', 'DBC', 'GLD', 'IEI', 'TLT', 'VTI'];
    const prices = await loadBacktestPrices({ symbols, ...range });
    expect(comparison.dates).toEqual(prices.dates);
    for (const figures of comparison.strategies) {
      const direct = runBacktest({
        prices,
        settings: resolveBacktestSettings({ targets: PRESETS[figures.id as 'permanent'].targets }),
      });
      expect(figures).toMatchObject({
        startDate: direct.startDate,
        endDate: direct.endDate,
        cagr: direct.cagr,
        volatility: direct.volatility,
        sharpe: direct.sharpe,
        maxDrawdown: direct.maxDrawdown,
        maxDrawdownPeakDate: direct.maxDrawdownPeakDate,
        maxDrawdownTroughDate: direct.maxDrawdownTroughDate,
        worstYear: direct.worstYear,
        turnover: direct.turnover,
        rebalances: direct.rebalances,
      });
      expect(figures.equityUsd).toHaveLength(prices.dates.length);
      expect(figures.equityUsd.at(-1)).toBeCloseTo(direct.finalValue, 2);
      expect(Math.max(...figures.drawdown)).toBeCloseTo(direct.maxDrawdown, 6);
    }
    // Different mixes really differ.
    expect(new Set(comparison.strategies.map((s) => s.cagr)).size).toBe(4);
  });

  it('lists a custom allocation as "current" beside the presets', async () => {
    const custom = { preset: 'custom' as const, targets: { VTI: 0.5, GLD: 0.5 } };
    const candidates = strategyCandidates(custom);
    expect(candidates[0]).toMatchObject({ id: 'current', current: true, targets: custom.targets });
    expect(candidates.filter((c) => c.current)).toHaveLength(1);
  });

  it('answers a repeat from the cache, in memory and from disk for a new process, until the data changes', async () => {
    const cacheDir = join(dir, 'cache');
    for (const symbol of ['VTI', 'TLT', 'GLD', 'DBC']) {
      copyFileSync(join(BUNDLED_PRICES_DIR, `${symbol}.csv`), join(dir, `${symbol}.csv`));
    }
    const prices = { kind: 'files' as const, dir };
    const candidates = strategyCandidates(config.allocation).slice(0, 1);
    const options = () => ({
      candidates,
      config,
      prices,
      range,
      cache: createResultCache({ disk: { dir: cacheDir, schema: strategyComparisonSchema } }),
    });
    const first = options();
    const computed = await compareStrategies(first);
    expect(computed.cached).toBe(false);
    expect((await compareStrategies(first)).cached).toBe(true);
    // A fresh cache over the same directory (as another process would have) starts warm.
    const warm = await compareStrategies(options());
    expect(warm).toEqual({ comparison: computed.comparison, cached: true });
    expect(readdirSync(cacheDir)).toEqual([`${computed.comparison.key}.json`]);
    // Another date range is another question.
    expect((await compareStrategies({ ...options(), range: { from: '2013-01-01' } })).cached).toBe(false);
    // New data (a file rewritten) is never answered from the old result.
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, 'VTI.csv'), later, later);
    const fresh = await compareStrategies(options());
    expect(fresh.cached).toBe(false);
    expect(fresh.comparison.key).not.toBe(computed.comparison.key);
    // A damaged cache file is a miss, recomputed, never an error.
    writeFileSync(join(cacheDir, `${fresh.comparison.key}.json`), '{"key":');
    expect(
      await compareStrategies({
        ...options(),
        cache: createResultCache({ disk: { dir: cacheDir, schema: strategyComparisonSchema } }),
      }),
    ).toMatchObject({ cached: false });
  });

  it('replays a given price table, and names a symbol it has no prices for', async () => {
    const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
    const table = createPriceTable({ dates, prices: { AAA: [10, 11, 12, 13], BBB: [20, 20, 20, 20] } });
    const { comparison } = await compareStrategies({
      candidates: [{ id: 'draft', description: 'draft', current: false, targets: { AAA: 0.5, BBB: 0.5 } }],
      config,
      prices: { kind: 'table', table },
    });
    const direct = runBacktest({
      prices: table,
      settings: resolveBacktestSettings({ targets: { AAA: 50, BBB: 50 } }),
    });
    expect(comparison.strategies[0]?.finalValue).toBe(direct.finalValue);
    expect(comparison.dates).toEqual(dates);
    await expect(
      compareStrategies({
        candidates: [{ id: 'draft', description: 'draft', current: false, targets: { CCC: 1 } }],
        config,
        prices: { kind: 'table', table },
      }),
    ).rejects.toThrow(BacktestInputError);
  });

  it('leaves out an allocation whose symbols lack history, saying which, and compares the rest', async () => {
    const candidates = strategyCandidates({ preset: 'custom', targets: { VTI: 0.5, ZZZ: 0.5 } });
    const { comparison } = await compareStrategies({ candidates, config, range });
    expect(comparison.skipped).toEqual([{ id: 'current', missing: ['ZZZ'] }]);
    expect(comparison.strategies.map((s) => s.id)).toEqual([
      'dalio-lite',
      'all-weather',
      'sixty-forty',
      'permanent',
    ]);
    await expect(compareStrategies({ candidates: candidates.slice(0, 1), config, range })).rejects.toThrow(
      'no price history for ZZZ: add ZZZ.csv to the price files, or compare allocations whose symbols have history',
    );
  });
});
