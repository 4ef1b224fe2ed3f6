/**
 * Line charts as inline SVG strings, generated from the data. A charting library would bring a DOM (or a
 * headless browser) to the server side for two line charts; a few dozen lines of SVG keep the report one
 * self-contained file that opens anywhere, offline. Colours come from the theme's CSS variables
 * (`report-theme.ts`), so the charts follow light and dark mode with the page.
 */
import { type DateTick, dateTicks } from './date-ticks.ts';
import { niceTicks } from './nice-ticks.ts';
import { CHART_FALLBACK } from './report-theme.ts';

/** One line of a chart; `color` is any CSS colour, a theme variable included. */
export interface ChartSeries {
  label: string;
  values: ArrayLike<number>;
  color: string;
}

/** A chart over a shared date axis. */
export interface LineChartOptions {
  title: string;
  dates: readonly string[];
  series: readonly ChartSeries[];
  /** The label of a y tick; `step` is the spacing between ticks, which sets the decimals. */
  formatTick: (value: number, step: number) => string;
  width?: number;
  height?: number;
  /** Fill the area between the first line and zero (for drawdowns). */
  area?: boolean;
}

const MAX_POINTS = 1500;
const FONT_PX = 12;
/** A generous advance of one 12 px sans-serif character, to keep labels apart without measuring text. */
const CHAR_PX = 7;
const LABEL_GAP_PX = 12;
const LEGEND_ROW_PX = 18;

/** Render a line chart: title, legend, round y ticks with grid lines, round date ticks. */
export function renderLineChart(options: LineChartOptions): string {
  const width = options.width ?? 960;
  const height = options.height ?? 320;
  const n = options.dates.length;
  const legend = layoutLegend(options.series, width);
  const top = 28 + legend.rows * LEGEND_ROW_PX + 12;
  const bottom = height - 26;
  const { min, max } = valueRange(options.series, options.area ?? false);
  const { ticks: yTicks, step } = niceTicks(min, max, Math.max(2, Math.floor((bottom - top) / 40)));
  const yLabels = yTicks.map((value) => ({ value, label: options.formatTick(value, step) }));
  const left = Math.max(36, ...yLabels.map(({ label }) => label.length * CHAR_PX + 10));
  const right = width - 12;
  const x = (i: number) => left + (n <= 1 ? 0 : (i / (n - 1)) * (right - left));
  const y = (v: number) => top + (1 - (v - min) / (max - min)) * (bottom - top);
  const xTicks = dateTicks(options.dates, (ticks) =>
    fitsAxis(ticks, x, Math.floor((right - left) / 60)),
  ).filter(
    (tick) => x(tick.index) - labelWidth(tick) / 2 >= 0 && x(tick.index) + labelWidth(tick) / 2 <= width,
  );
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(options.title)}" font-family="system-ui, sans-serif" font-size="${FONT_PX}">`,
    `<text class="chart-title" x="0" y="18" font-size="14" font-weight="600" fill="${CHART_FALLBACK.text}">${escapeXml(options.title)}</text>`,
    ...legend.items.map(
      (item) =>
        `<rect x="${item.x}" y="${item.y - 9}" width="10" height="10" style="fill:${escapeXml(item.color)}"/>` +
        `<text class="chart-legend" x="${item.x + 14}" y="${item.y}" fill="${CHART_FALLBACK.text}">${escapeXml(item.label)}</text>`,
    ),
  ];
  for (const { value, label } of yLabels) {
    const ty = y(value).toFixed(1);
    parts.push(
      `<line class="chart-grid" x1="${left}" x2="${right}" y1="${ty}" y2="${ty}" stroke="${CHART_FALLBACK.grid}"/>`,
      `<text class="chart-tick" x="${left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle" fill="${CHART_FALLBACK.muted}">${escapeXml(label)}</text>`,
    );
  }
  parts.push(
    `<line class="chart-axis" x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="${CHART_FALLBACK.axis}"/>`,
  );
  for (const tick of xTicks) {
    const tx = x(tick.index).toFixed(1);
    parts.push(
      `<line class="chart-axis" x1="${tx}" x2="${tx}" y1="${bottom}" y2="${bottom + 4}" stroke="${CHART_FALLBACK.axis}"/>`,
      `<text class="chart-tick" x="${tx}" y="${bottom + 17}" text-anchor="middle" fill="${CHART_FALLBACK.muted}">${escapeXml(tick.label)}</text>`,
    );
  }
  options.series.forEach((series, s) => {
    const points = linePoints(series.values, n, x, y);
    const color = escapeXml(series.color);
    if (options.area && s === 0) {
      const zero = y(0).toFixed(1);
      parts.push(
        `<polygon points="${x(0).toFixed(1)},${zero} ${points} ${x(n - 1).toFixed(1)},${zero}" style="fill:${color}" fill-opacity="0.25"/>`,
      );
    }
    parts.push(
      `<polyline points="${points}" fill="none" style="stroke:${color}" stroke-width="${s === 0 ? 2 : 1.2}" stroke-linejoin="round"/>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Escape text for SVG and HTML. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function valueRange(series: readonly ChartSeries[], area: boolean): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const { values } of series) {
    for (const value of Array.from(values)) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (area) max = Math.max(max, 0);
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { min: 0, max: 1 };
  if (!(max > min)) return { min: min - Math.abs(min || 1) * 0.05, max: max + Math.abs(max || 1) * 0.05 };
  // A little headroom keeps lines off the frame; a drawdown's zero stays the top edge.
  const headroom = (max - min) * 0.03;
  return { min: min - headroom, max: area && max === 0 ? 0 : max + headroom };
}

function linePoints(
  values: ArrayLike<number>,
  n: number,
  x: (i: number) => number,
  y: (v: number) => number,
): string {
  const step = Math.max(1, Math.ceil(n / MAX_POINTS));
  const points: string[] = [];
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (value === undefined || (i % step !== 0 && i !== n - 1)) continue;
    points.push(`${x(i).toFixed(1)},${y(value).toFixed(1)}`);
  }
  return points.join(' ');
}

function labelWidth(tick: DateTick): number {
  return tick.label.length * CHAR_PX;
}

/** Few enough ticks for a calm axis, none of whose labels touch. */
function fitsAxis(ticks: readonly DateTick[], x: (i: number) => number, maxCount: number): boolean {
  if (ticks.length > maxCount) return false;
  return ticks.every((tick, k) => {
    const next = ticks[k + 1];
    if (!next) return true;
    return x(next.index) - x(tick.index) >= (labelWidth(tick) + labelWidth(next)) / 2 + LABEL_GAP_PX;
  });
}

/** Legend entries left to right, wrapping onto a new row when the next one would not fit. */
function layoutLegend(
  series: readonly ChartSeries[],
  width: number,
): { rows: number; items: { x: number; y: number; label: string; color: string }[] } {
  const items: { x: number; y: number; label: string; color: string }[] = [];
  let row = 0;
  let cursor = 0;
  for (const { label, color } of series) {
    const itemWidth = 14 + label.length * CHAR_PX + 18;
    if (cursor > 0 && cursor + itemWidth > width) {
      row++;
      cursor = 0;
    }
    items.push({ x: cursor, y: 28 + (row + 1) * LEGEND_ROW_PX - 4, label, color });
    cursor += itemWidth;
  }
  return { rows: series.length === 0 ? 0 : row + 1, items };
}
