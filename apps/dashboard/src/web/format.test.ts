import { describe, expect, it } from 'vitest';
import { pct, signedPct } from './format.ts';

describe('percentages as the dashboard shows them', () => {
  it('writes a negative with the minus sign the signed figures use, and no sign on a rounded zero', () => {
    expect(pct(-0.0843, 1)).toBe('−8.4 %');
    expect(signedPct(-0.0843, 1)).toBe('−8.4 %');
    expect(pct(0.1234, 2)).toBe('12.34 %');
    expect(pct(-0.0001, 1)).toBe('0.0 %');
    expect(pct(null)).toBe('—');
  });
});
