/**
 * The statistics table of a backtest, for the terminal (one row per result) and for the HTML report (one
 * column per result, so the strategy and its benchmarks sit side by side). Both come from one list of metrics.
 */
import type { BacktestStats } from '@dalio-lite/backtest';
import { escapeXml } from './backtest-chart-svg.ts';

/** One result to tabulate: the portfolio or a benchmark. */
export interface StatsRow {
  label: string;
  stats: BacktestStats;
}

/** A metric: its terminal column header and cell, its HTML row header (unit in brackets) and cell (HTML). */
interface StatsMetric {
  short: string;
  label: string;
  text: (stats: BacktestStats) => string;
  html: (stats: BacktestStats) => string;
}

const MINUS = '\u2212';

/** The metrics, in the order both tables show them. */
const METRICS: readonly StatsMetric[] = [
  {
    short: 'final $',
    label: 'Final value (USD)',
    text: (s) => s.finalValue.toFixed(0),
    html: (s) => grouped(s.finalValue, 0),
  },
  { short: 'CAGR', label: 'CAGR (%/yr)', text: (s) => percent(s.cagr), html: (s) => signed(s.cagr * 100, 1) },
  {
    short: 'vol',
    label: 'Volatility (%/yr)',
    text: (s) => percent(s.volatility),
    html: (s) => signed(s.volatility * 100, 1),
  },
  {
    short: 'Sharpe',
    label: 'Sharpe ratio',
    text: (s) => s.sharpe.toFixed(2),
    html: (s) => signed(s.sharpe, 2),
  },
  {
    short: 'max DD',
    label: 'Max drawdown (%)',
    text: (s) => percent(-s.maxDrawdown),
    html: (s) => signed(-s.maxDrawdown * 100, 1),
  },
  {
    short: 'worst year',
    label: 'Worst calendar year (%)',
    text: (s) => (s.worstYear ? `${s.worstYear.year} ${percent(s.worstYear.return)}` : '-'),
    html: (s) =>
      s.worstYear ? `${signed(s.worstYear.return * 100, 1)} <small>${s.worstYear.year}</small>` : '–',
  },
  {
    short: 'rebal.',
    label: 'Rebalances',
    text: (s) => String(s.rebalances),
    html: (s) => String(s.rebalances),
  },
  {
    short: 'turnover/yr',
    label: 'Turnover (%/yr)',
    text: (s) => percent(s.turnover),
    html: (s) => signed(s.turnover * 100, 1),
  },
  {
    short: 'costs $',
    label: 'Costs (USD)',
    text: (s) => s.costs.toFixed(2),
    html: (s) => grouped(s.costs, 2),
  },
];

/** A fixed-width table of statistics, one row per result. */
export function renderStatsTable(rows: readonly StatsRow[]): string {
  const lines = [
    ['', ...METRICS.map((m) => m.short)],
    ...rows.map(({ label, stats }) => [label, ...METRICS.map((m) => m.text(stats))]),
  ];
  const widths = lines.reduce<number[]>(
    (acc, line) => line.map((cell, c) => Math.max(acc[c] ?? 0, cell.length)),
    [],
  );
  return lines
    .map((line) =>
      line
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
        .join('  '),
    )
    .join('\n');
}

/** An HTML table of statistics: a row per metric, a column per result (the portfolio first). */
export function renderStatsHtmlTable(rows: readonly StatsRow[], caption: string): string {
  const head = `<tr><td></td>${rows.map(({ label }) => `<th scope="col">${escapeXml(label)}</th>`).join('')}</tr>`;
  const body = METRICS.map(
    (metric) =>
      `<tr><th scope="row">${escapeXml(metric.label)}</th>${rows.map(({ stats }) => `<td>${metric.html(stats)}</td>`).join('')}</tr>`,
  );
  return [
    '<table class="stats">',
    `<caption>${escapeXml(caption)}</caption>`,
    `<thead>${head}</thead>`,
    `<tbody>\n${body.join('\n')}\n</tbody>`,
    '</table>',
  ].join('\n');
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

function signed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return Number(text) < 0 ? `${MINUS}${text.slice(1)}` : text.replace(/^-/, '');
}

function grouped(value: number, decimals: number): string {
  const text = Math.abs(value).toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  return value < 0 && Number(text.replace(/,/g, '')) !== 0 ? `${MINUS}${text}` : text;
}
