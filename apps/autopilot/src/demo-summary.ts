import { formatMoney } from './text-format.ts';

/** What the demo saw, enough to judge it: the days, the money, the ledger. */
export interface DemoRun {
  /** Every trading day's outcome in order: `committed`, `hold`, `missed`, … */
  days: readonly { day: string; outcome: string }[];
  startCashUsd: number;
  equityUsd: number;
  /** The targets, for buy-and-hold of the same mix. */
  targets: Readonly<Record<string, number>>;
  /** A symbol's price at the first and the last day's close (null when unknown). */
  priceAt: (symbol: string, day: string) => number | null;
  /** Client order ids of every order the simulator received from the autopilot. */
  clientOrderIds: readonly string[];
}

/** The demo's closing summary, as numbers and as the lines printed. */
export interface DemoSummary {
  firstDay: string | null;
  lastDay: string | null;
  tradingDays: number;
  rebalances: number;
  duplicateOrders: number;
  equityUsd: number;
  buyAndHoldUsd: number | null;
  spyUsd: number | null;
}

/**
 * Summarise a demo run: days and rebalances, the equity against buy-and-hold of the same mix and against SPY
 * over the same days (from the first day's close to the last), and duplicate orders (always 0).
 */
export function summariseDemo(run: DemoRun): DemoSummary {
  const firstDay = run.days[0]?.day ?? null;
  const lastDay = run.days.at(-1)?.day ?? null;
  const growth = (symbol: string): number | null => {
    if (firstDay === null || lastDay === null) return null;
    const start = run.priceAt(symbol, firstDay);
    const end = run.priceAt(symbol, lastDay);
    return start && end ? end / start : null;
  };
  const mix = Object.entries(run.targets).map(([symbol, weight]) => ({ weight, growth: growth(symbol) }));
  const buyAndHold = mix.every((part) => part.growth !== null)
    ? mix.reduce((total, part) => total + run.startCashUsd * part.weight * (part.growth ?? 0), 0)
    : null;
  const spy = growth('SPY');
  return {
    firstDay,
    lastDay,
    tradingDays: run.days.length,
    rebalances: run.days.filter((day) => day.outcome === 'committed').length,
    duplicateOrders: run.clientOrderIds.length - new Set(run.clientOrderIds).size,
    equityUsd: run.equityUsd,
    buyAndHoldUsd: buyAndHold,
    spyUsd: spy === null ? null : run.startCashUsd * spy,
  };
}

/** The summary as a person reads it. */
export function describeDemoSummary(summary: DemoSummary, startCashUsd: number): string[] {
  if (summary.firstDay === null) return ['Summary: no trading day passed.'];
  const line = (label: string, usd: number | null) =>
    usd === null
      ? `  ${label.padEnd(22)} (no prices)`
      : `  ${label.padEnd(22)} ${formatMoney(usd).padStart(12)}  (${change(usd / startCashUsd - 1)})`;
  return [
    `Summary, ${summary.firstDay} → ${summary.lastDay}: ${summary.tradingDays} trading days, ${summary.rebalances} rebalances, ${summary.duplicateOrders} duplicate orders`,
    line('this portfolio', summary.equityUsd),
    line('buy and hold, same mix', summary.buyAndHoldUsd),
    line('SPY', summary.spyUsd),
  ];
}

function change(fraction: number): string {
  const pct = (fraction * 100).toFixed(1);
  return `${fraction >= 0 ? '+' : '−'}${pct.replace('-', '')} %`;
}
