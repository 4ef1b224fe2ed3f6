import { describe, expect, it } from 'vitest';
import { checkDraftWeights } from './draft-weights.ts';

describe('checkDraftWeights', () => {
  it('accepts weights totalling exactly 100 % and normalises them to fractions', () => {
    expect(checkDraftWeights({ VTI: 40, TLT: 30, GLD: 20, DBC: 10 })).toEqual({
      totalPct: 100,
      problems: [],
      targets: { VTI: 0.4, TLT: 0.3, GLD: 0.2, DBC: 0.1 },
    });
    expect(checkDraftWeights({ VTI: 33.3, TLT: 33.3, GLD: 33.4 }).problems).toEqual([]);
  });

  it('says what the weights total and how far from 100 % they are', () => {
    expect(checkDraftWeights({ VTI: 40, TLT: 30, GLD: 20 })).toEqual({
      totalPct: 90,
      problems: ['the weights total 90 %, they must total exactly 100 %: add 10 more'],
      targets: null,
    });
    expect(checkDraftWeights({ VTI: 60, TLT: 50 }).problems).toEqual([
      'the weights total 110 %, they must total exactly 100 %: take 10 away',
    ]);
    expect(checkDraftWeights({ VTI: 99.99 }).problems[0]).toContain('add 0.01 more');
  });

  it('names every bad symbol and weight at once', () => {
    const { problems, targets } = checkDraftWeights({ vti: 50, TLT: 0, GLD: Number.NaN, DBC: 50 });
    expect(targets).toBeNull();
    expect(problems).toEqual([
      '"vti" is not a ticker symbol: use capital letters such as VTI',
      'TLT: weight 0 % must be above 0 and at most 100 (or remove TLT)',
      'GLD: weight NaN % must be above 0 and at most 100 (or remove GLD)',
    ]);
    expect(checkDraftWeights({}).problems).toEqual(['no symbols yet: add at least one symbol with a weight']);
  });
});
