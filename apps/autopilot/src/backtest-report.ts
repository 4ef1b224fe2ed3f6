import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { BacktestStats } from '@dalio-lite/backtest';
import { type ChartSeries, escapeXml, renderLineChart } from './backtest-chart-svg.ts';
import { renderStatsHtmlTable, type StatsRow } from './backtest-stats-table.ts';
import { CliError } from './cli-error.ts';
import { CHART_CSS, DRAWDOWN_COLOR, PAGE_CSS, THEME_CSS } from './report-theme.ts';
import { formatPercentTick, formatUsdTick } from './tick-labels.ts';

export { renderStatsTable, type StatsRow } from './backtest-stats-table.ts';
export { SERIES_COLORS } from './report-theme.ts';

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

/** The content of a report: title, facts, statistics, and the equity series (the first one is the portfolio). */
export interface ReportContent {
  title: string;
  facts: readonly string[];
  /** The portfolio first, then its benchmarks: a column each in the statistics table. */
  stats: readonly StatsRow[];
  dates: readonly string[];
  equity: readonly ChartSeries[];
  drawdown: ArrayLike<number>;
  /** Plain-text sections; long lines wrap, and lines that start indented keep their indent when they do. */
  sections?: readonly { title: string; text: string }[];
}

/** Write the report as a self-contained HTML page, or as one SVG of both charts when the file ends in `.svg`. */
export async function writeReport(file: string, cwd: string, content: ReportContent): Promise<string> {
  const extension = extname(file).toLowerCase();
  if (extension === '.svg') return writeOutput(file, cwd, renderReportSvg(content));
  if (extension !== '.html' && extension !== '.htm') {
    throw new CliError(`--report: "${file}" must end in .html or .svg`);
  }
  return writeOutput(file, cwd, renderReportHtml(content));
}

/** The report as one HTML page: styles inline, charts inline, nothing fetched. */
export function renderReportHtml(content: ReportContent): string {
  const wide = renderCharts(content, { width: 960, equityHeight: 340, drawdownHeight: 220 });
  // A phone would shrink the wide charts' text to a few pixels: it gets charts drawn for its width instead.
  const narrow = renderCharts(content, { width: 400, equityHeight: 300, drawdownHeight: 200 });
  const figures = wide
    .map(
      (chart, k) =>
        `<figure class="chart-figure">\n<div class="chart-wide">${chart}</div>\n<div class="chart-narrow">${narrow[k] ?? ''}</div>\n</figure>`,
    )
    .join('\n');
  const sections = (content.sections ?? [])
    .map(
      (section) =>
        `<section>\n<h2>${escapeXml(section.title)}</h2>\n<div class="text-block">\n${section.text
          .split('\n')
          .map(renderTextLine)
          .join('\n')}\n</div>\n</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeXml(content.title)}</title>
<style>
${THEME_CSS}
${CHART_CSS}
${PAGE_CSS}
</style></head>
<body>
<h1>${unbrokenDates(escapeXml(content.title))}</h1>
<ul class="facts">${content.facts.map((fact) => `<li>${unbrokenDates(escapeXml(fact))}</li>`).join('')}</ul>
<div class="table-scroll">
${renderStatsHtmlTable(content.stats, 'Statistics')}
</div>
${figures}
${sections}
</body></html>
`;
}

/** The report as one standalone SVG: both charts, with the theme (light and dark) in its own stylesheet. */
export function renderReportSvg(content: ReportContent): string {
  const [equity, drawdown] = renderCharts(content, { width: 960, equityHeight: 320, drawdownHeight: 220 });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="992" height="580" viewBox="0 0 992 580">
<title>${escapeXml(content.title)}</title>
<style><![CDATA[
${THEME_CSS}
${CHART_CSS}
]]></style>
<rect class="chart-background" width="992" height="580" fill="#ffffff"/>
<g transform="translate(16,12)">${equity}</g>
<g transform="translate(16,348)">${drawdown}</g>
</svg>
`;
}

/** Keep ISO dates whole when a line wraps: "2025-09-26", never "2025-" and "09-26". */
function unbrokenDates(html: string): string {
  return html.replace(/\d{4}-\d{2}-\d{2}/g, '<span class="date">$&</span>');
}

/** A line of a text section; its leading spaces become an indent that wrapped continuations keep, plus a little. */
function renderTextLine(line: string): string {
  const text = line.trimStart();
  const indent = line.length - text.length;
  const style = indent > 0 ? ` style="--indent:${indent}ch"` : '';
  return `<div class="line"${style}>${escapeXml(text) || ' '}</div>`;
}

function renderCharts(
  content: ReportContent,
  size: { width: number; equityHeight: number; drawdownHeight: number },
): [string, string] {
  const equity = renderLineChart({
    title: 'Equity (USD)',
    dates: content.dates,
    series: content.equity,
    formatTick: formatUsdTick,
    width: size.width,
    height: size.equityHeight,
  });
  const drawdown = renderLineChart({
    title: 'Drawdown from peak (%)',
    dates: content.dates,
    series: [
      {
        label: content.equity[0]?.label ?? 'portfolio',
        values: Float64Array.from(Array.from(content.drawdown), (d) => -d * 100),
        color: DRAWDOWN_COLOR,
      },
    ],
    formatTick: formatPercentTick,
    width: size.width,
    height: size.drawdownHeight,
    area: true,
  });
  return [equity, drawdown];
}

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

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
