import type { OrderAmount } from '@dalio-lite/core';

const USD = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Money, one way everywhere a person reads it: `$1,352.72`, `−$12.50`. */
export function formatMoney(usd: number): string {
  const text = `$${USD.format(Math.abs(usd))}`;
  return usd < 0 && text !== '$0.00' ? `−${text}` : text;
}

/** A share count a person can read: whole shares as such, fractions to at most four decimals (`86.2923`). */
export function formatShares(qty: number): string {
  if (Number.isInteger(qty)) return String(qty);
  return qty.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}

/** An order's amount: `$1,200.00` for a dollar order, `40 sh` for shares. */
export function formatAmount(amount: OrderAmount): string {
  return amount.kind === 'notional'
    ? formatMoney(Number(amount.usd))
    : `${formatShares(Number(amount.shares))} sh`;
}

/** A fraction as a percentage with one decimal: `40.0 %`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}
