import { describe, expect, it } from 'vitest';
import { parseDecimalString, toDecimalString, toUsdString } from './decimal.ts';

describe('decimal strings', () => {
  it('formats without exponents or trailing zeros', () => {
    expect(toDecimalString(1e-7, 9)).toBe('0.0000001');
    expect(toDecimalString(3, 9)).toBe('3');
    expect(toDecimalString(-0.0000000001, 9)).toBe('0');
    expect(toUsdString(1234.5)).toBe('1234.50');
  });
  it('parses only plain decimals', () => {
    expect(parseDecimalString('12.5')).toBe(12.5);
    expect(parseDecimalString('-3')).toBe(-3);
    for (const bad of ['', '1e5', ' 1', 'NaN', 'abc', null, 12]) expect(parseDecimalString(bad)).toBeNull();
  });
});
