import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { BacktestStats } from '@dalio-lite/backtest';
import { type ChartSeries, escapeXml, renderLineChart } from './backtest-chart-svg.ts';
import { CliError } from './cli-error.ts';

/** The numbers every result row shows, in JSON and text. */
export function statsToJson(stats: BacktestStats): Record<string, unknown> {
  return {
    startDate: stats.startDate,
    endDate: stats.endDate,
    startValue: round(stats.startValue, 2),
    finalValue: round(stats.finalValue, 2),
    totalReturn: round(stats.totalReturn, 6),
    cagr: round(stats.cagr, 6),
    volatility: round(stats.volatility, 6),
    sharpe: round(stats.sharpe, 4),
    maxDrawdown: round(stats.maxDrawdown, 6),
    maxDrawdownPeakDate: stats.maxDrawdownPeakDate,
    maxDrawdownTroughDate: stats.maxDrawdownTroughDate,
    worstYear: stats.worstYear && { year: stats.worstYear.year, return: round(stats.worstYear.return, 6) },
    rebalances: stats.rebalances,
    turnover: round(stats.turnover, 6),
    turnoverUsd: round(stats.turnoverUsd, 2),
    costs: round(stats.costs, 2),
    feesUsd: round(stats.feesUsd, 2),
    slippageUsd: round(stats.slippageUsd, 2),
  };
}

/** A fixed-width table of statistics, one row per result. */
export function renderStatsTable(rows: readonly { label: string; stats: BacktestStats }[]): string {
  const header = [
    '',
    'final $',
    'CAGR',
    'vol',
    'Sharpe',
    'max DD',
    'worst year',
    'rebal.',
    'turnover/yr',
    'costs $',
  ];
  const body = rows.map(({ label, stats }) => [
    label,
    stats.finalValue.toFixed(0),
    percent(stats.cagr),
    percent(stats.volatility),
    stats.sharpe.toFixed(2),
    percent(-stats.maxDrawdown),
    stats.worstYear ? `${stats.worstYear.year} ${percent(stats.worstYear.return)}` : '-',
    String(stats.rebalances),
    percent(stats.turnover),
    stats.costs.toFixed(2),
  ]);
  const widths = header.map((_, c) => Math.max(...[header, ...body].map((row) => (row[c] as string).length)));
  return [header, ...body]
    .map((row) =>
      row
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number)))
        .join('  '),
    )
    .join('\n');
}

/** Write the equity curve (and drawdown) as CSV. */
export async function writeEquityCsv(
  file: string,
  cwd: string,
  curve: { dates: readonly string[]; equityUsd: ArrayLike<number>; drawdown: ArrayLike<number> },
): Promise<string> {
  const lines = ['date,equity_usd,drawdown'];
  for (let i = 0; i < curve.dates.length; i++) {
    lines.push(
      `${curve.dates[i]},${(curve.equityUsd[i] as number).toFixed(2)},${(curve.drawdown[i] as number).toFixed(6)}`,
    );
  }
  return writeOutput(file, cwd, `${lines.join('\n')}\n`);
}

/** The content of a report: title, facts, tables, and the equity series (the first one is the portfolio). */
export interface ReportContent {
  title: string;
  facts: readonly string[];
  table: string;
  dates: readonly string[];
  equity: readonly ChartSeries[];
  drawdown: ArrayLike<number>;
  sections?: readonly { title: string; text: string }[];
}

/** Write the report as a self-contained HTML page, or as one SVG of both charts when the file ends in `.svg`. */
export async function writeReport(file: string, cwd: string, content: ReportContent): Promise<string> {
  const equityChart = renderLineChart({
    title: 'Equity (USD)',
    dates: content.dates,
    series: content.equity,
    formatValue: (v) => `$${Math.round(v).toLocaleString('en-US')}`,
  });
  const drawdownChart = renderLineChart({
    title: 'Drawdown from peak',
    dates: content.dates,
    series: [
      { label: content.equity[0]?.label ?? 'portfolio', values: negate(content.drawdown), color: '#dc2626' },
    ],
    formatValue: (v) => `${(v * 100).toFixed(0)} %`,
    height: 220,
    area: true,
  });
  const extension = extname(file).toLowerCase();
  if (extension === '.svg') {
    const body = `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="560">\n<g>${equityChart}</g>\n<g transform="translate(0,330)">${drawdownChart}</g>\n</svg>\n`;
    return writeOutput(file, cwd, body);
  }
  if (extension !== '.html' && extension !== '.htm') {
    throw new CliError(`--report: "${file}" must end in .html or .svg`);
  }
  const sections = (content.sections ?? [])
    .map((section) => `<h2>${escapeXml(section.title)}</h2>\n<pre>${escapeXml(section.text)}</pre>`)
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(content.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1000px;padding:0 1rem;color:#111827}
pre{background:#f9fafb;padding:1rem;overflow-x:auto}svg{max-width:100%;height:auto}li{margin:.2rem 0}</style></head>
<body><h1>${escapeXml(content.title)}</h1>
<ul>${content.facts.map((fact) => `<li>${escapeXml(fact)}</li>`).join('')}</ul>
<pre>${escapeXml(content.table)}</pre>
${equityChart}
${drawdownChart}
${sections}
</body></html>
`;
  return writeOutput(file, cwd, html);
}

/** Series colours: the portfolio first, then benchmarks. */
export const SERIES_COLORS = ['#2563eb', '#f59e0b', '#10b981', '#8b5cf6', '#6b7280'] as const;

async function writeOutput(file: string, cwd: string, text: string): Promise<string> {
  const path = resolve(cwd, file);
  try {
    await writeFile(path, text);
  } catch (error) {
    throw new CliError(
      `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return path;
}

function negate(values: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: values.length }, (_, i) => -(values[i] as number));
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
