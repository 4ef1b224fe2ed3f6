import { describe, expect, it } from 'vitest';
import { PRESETS } from './presets.ts';
import { normalizeTargets } from './targets.ts';

describe('normalizeTargets', () => {
  it('reads 40/30/20/10 as percentages and normalises to fractions summing to 1', () => {
    const result = normalizeTargets({ VTI: 40, TLT: 30, GLD: 20, DBC: 10 });
    expect(result).toEqual({ ok: true, value: { VTI: 0.4, TLT: 0.3, GLD: 0.2, DBC: 0.1 } });
  });

  it('accepts fractions that sum to 1', () => {
    const result = normalizeTargets({ VTI: 0.6, AGG: 0.4 });
    expect(result.ok && Object.values(result.value).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('names the sum when weights do not add up', () => {
    expect(normalizeTargets({ VTI: 0.4, TLT: 0.3, GLD: 0.15, DBC: 0.1 })).toEqual({
      ok: false,
      error: 'allocation: weights sum to 0.95, must sum to 1 (or 100 as percentages)',
    });
  });

  it('answers percentage-style input in percentages', () => {
    expect(normalizeTargets({ VTI: 40, TLT: 30, GLD: 15, DBC: 10 })).toEqual({
      ok: false,
      error: 'allocation: weights sum to 95, must sum to 100 (or 1 as fractions)',
    });
  });

  it('refuses zero, negative and non-numeric weights, naming the symbol', () => {
    expect(normalizeTargets({ VTI: 1, TLT: 0 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('TLT is 0'),
    });
    expect(normalizeTargets({ VTI: 1.1, TLT: -0.1 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('TLT'),
    });
    expect(normalizeTargets({ VTI: Number.NaN })).toMatchObject({ ok: false });
  });

  it('refuses symbols that are not tickers and empty allocations', () => {
    expect(normalizeTargets({ vti: 1 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('"vti"'),
    });
    expect(normalizeTargets({})).toMatchObject({ ok: false, error: expect.stringContaining('no symbols') });
  });

  it('every preset is a valid allocation that sums to 1', () => {
    for (const preset of Object.values(PRESETS)) {
      const result = normalizeTargets(preset.targets);
      expect(result.ok, preset.name).toBe(true);
      expect(Object.values(preset.targets).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });
});
