import { describe, expect, it } from 'vitest';
import { formatAmount, formatMoney, formatShares } from './text-format.ts';

describe('text formats', () => {
  it('money has a dollar sign, thousands separators and cents, and a real minus', () => {
    expect(formatMoney(1352.72)).toBe('$1,352.72');
    expect(formatMoney(1_000_000)).toBe('$1,000,000.00');
    expect(formatMoney(-12.5)).toBe('−$12.50');
    expect(formatMoney(-0.001)).toBe('$0.00');
  });

  it('shares are whole where whole and keep at most four decimals', () => {
    expect(formatShares(40)).toBe('40');
    expect(formatShares(86.292276711)).toBe('86.2923');
    expect(formatShares(0.5)).toBe('0.5');
    expect(formatAmount({ kind: 'qty', shares: '139.251687271' })).toBe('139.2517 sh');
    expect(formatAmount({ kind: 'notional', usd: '9900.00' })).toBe('$9,900.00');
  });
});
