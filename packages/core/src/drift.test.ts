import { describe, expect, it } from 'vitest';
import { computeDrift } from './drift.ts';
import { PRESETS } from './presets.ts';

const targets = PRESETS['dalio-lite'].targets;

describe('computeDrift', () => {
  it('measures absolute points and relative drift against each target, cash in equity', () => {
    // Equity 10 000: VTI 5 000 (50 %), TLT 2 500, GLD 1 500, DBC 500, cash 500.
    const report = computeDrift(
      {
        cashUsd: 500,
        holdings: [
          { symbol: 'VTI', qty: 50, priceUsd: 100 },
          { symbol: 'TLT', qty: 25, priceUsd: 100 },
          { symbol: 'GLD', qty: 15, priceUsd: 100 },
          { symbol: 'DBC', qty: 20, priceUsd: 25 },
        ],
      },
      targets,
    );
    expect(report.equityUsd).toBe(10_000);
    expect(report.cashWeight).toBeCloseTo(0.05, 12);
    const vti = report.symbols.find((row) => row.symbol === 'VTI');
    expect(vti?.absoluteDrift).toBeCloseTo(0.1, 12);
    expect(vti?.relativeDrift).toBeCloseTo(0.25, 12);
    const dbc = report.symbols.find((row) => row.symbol === 'DBC');
    expect(dbc?.absoluteDrift).toBeCloseTo(-0.05, 12);
    expect(dbc?.relativeDrift).toBeCloseTo(-0.5, 12);
    expect(report.maxAbsoluteDrift).toBeCloseTo(0.1, 12);
  });

  it('lists target symbols not held at weight 0 and non-target holdings with target 0', () => {
    const report = computeDrift(
      { cashUsd: 1000, holdings: [{ symbol: 'AAPL', qty: 10, priceUsd: 100 }] },
      targets,
    );
    expect(report.symbols.map((row) => row.symbol)).toEqual(['DBC', 'GLD', 'TLT', 'VTI', 'AAPL']);
    const aapl = report.symbols.at(-1);
    expect(aapl).toMatchObject({ isTarget: false, targetWeight: 0, relativeDrift: null });
    expect(aapl?.currentWeight).toBeCloseTo(0.5, 12);
    expect(report.symbols[0]).toMatchObject({ symbol: 'DBC', currentWeight: 0, absoluteDrift: -0.1 });
  });

  it('reports zero weights, not NaN, for an empty account', () => {
    const report = computeDrift({ cashUsd: 0, holdings: [] }, targets);
    expect(report.equityUsd).toBe(0);
    expect(report.symbols.every((row) => row.currentWeight === 0)).toBe(true);
  });
});
