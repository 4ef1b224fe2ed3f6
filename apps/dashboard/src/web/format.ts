const usdFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const usdWhole = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});

/** Dollars with cents: $12,345.67. */
export function usd(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : usdFormat.format(value);
}

/** Dollars without cents, for axes and large totals. */
export function usdRound(value: number): string {
  return usdWhole.format(value);
}

/** A signed dollar change: +$123.45 / −$67.89 (less than half a cent is $0.00, unsigned). */
export function signedUsd(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (Math.abs(value) < 0.005) return usdFormat.format(0);
  return `${value >= 0 ? '+' : '−'}${usdFormat.format(Math.abs(value))}`;
}

/** A fraction as a percentage: 0.1234 → 12.34 %. */
export function pct(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return '—';
  const text = (value * 100).toFixed(digits);
  // A negative reads with a minus sign (−), as in the signed formats, not a hyphen; one that rounds to 0 has none.
  return `${/^-0(\.0*)?$/.test(text) ? text.slice(1) : text.replace('-', '−')} %`;
}

/** A signed fraction as percentage points or percent: +1.2 %. */
export function signedPct(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return '—';
  return `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(digits)} %`;
}

/** How long ago, in words a glance can take: "just now", "12 s ago", "3 min ago", "5 h ago". */
export function ago(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return 'never';
  if (ms < 2_000) return 'just now';
  if (ms < 60_000) return `${Math.round(ms / 1000)} s ago`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`;
  if (ms < 48 * 3_600_000) return `${Math.round(ms / 3_600_000)} h ago`;
  return `${Math.round(ms / 86_400_000)} days ago`;
}

const marketTime = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/** An instant in market time, as the schedule is set: "Mar 3, 10:00 AM ET". */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  return `${marketTime.format(new Date(iso))} ET`;
}

const marketDay = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  month: 'short',
  day: 'numeric',
});

/** A day from seconds since the epoch (a chart tick): "Mar 3". */
export function dayOf(epochSeconds: number): string {
  return marketDay.format(new Date(epochSeconds * 1000));
}

const marketMonth = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  month: 'short',
  year: 'numeric',
});

/** A month from seconds since the epoch (a tick of a chart spanning years): "Mar 2019". */
export function monthOf(epochSeconds: number): string {
  return marketMonth.format(new Date(epochSeconds * 1000));
}

/** A share quantity: up to 4 decimals, no trailing zeros. */
export function shares(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 4 });
}
