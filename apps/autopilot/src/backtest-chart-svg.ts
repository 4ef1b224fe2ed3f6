/**
 * Line charts as inline SVG strings, generated from the data. A charting library would bring a DOM (or a
 * headless browser) to the server side for two line charts; a few dozen lines of SVG keep the report one
 * self-contained file that opens anywhere, offline.
 */

/** One line of a chart. */
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
  formatValue: (value: number) => string;
  width?: number;
  height?: number;
  /** Fill the area between the first line and zero (for drawdowns). */
  area?: boolean;
}

const MAX_POINTS = 1500;

/** Render a line chart with a title, y-axis ticks, year labels and a legend. */
export function renderLineChart(options: LineChartOptions): string {
  const width = options.width ?? 960;
  const height = options.height ?? 320;
  const pad = { left: 72, right: 16, top: 32, bottom: 40 };
  const n = options.dates.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const series of options.series) {
    for (let i = 0; i < series.values.length; i++) {
      const value = series.values[i] as number;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (options.area) max = Math.max(max, 0);
  if (!(max > min)) max = min + 1;
  const x = (i: number) => pad.left + (n <= 1 ? 0 : (i / (n - 1)) * (width - pad.left - pad.right));
  const y = (v: number) => pad.top + (1 - (v - min) / (max - min)) * (height - pad.top - pad.bottom);
  const step = Math.max(1, Math.ceil(n / MAX_POINTS));
  const path = (values: ArrayLike<number>) => {
    const points: string[] = [];
    for (let i = 0; i < n; i += step) points.push(`${x(i).toFixed(1)},${y(values[i] as number).toFixed(1)}`);
    if ((n - 1) % step !== 0) points.push(`${x(n - 1).toFixed(1)},${y(values[n - 1] as number).toFixed(1)}`);
    return points.join(' ');
  };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<text x="${pad.left}" y="18" font-size="14" font-weight="600">${escapeXml(options.title)}</text>`,
  ];
  for (let t = 0; t <= 4; t++) {
    const value = min + ((max - min) * t) / 4;
    const ty = y(value).toFixed(1);
    parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${ty}" y2="${ty}" stroke="#e5e7eb"/>`);
    parts.push(
      `<text x="${pad.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle" fill="#6b7280">${escapeXml(options.formatValue(value))}</text>`,
    );
  }
  const yearStep = Math.max(1, Math.ceil(countYears(options.dates) / 12));
  let lastYear = '';
  let yearIndex = 0;
  options.dates.forEach((date, i) => {
    const year = date.slice(0, 4);
    if (year === lastYear) return;
    lastYear = year;
    if (yearIndex++ % yearStep !== 0) return;
    parts.push(
      `<text x="${x(i).toFixed(1)}" y="${height - pad.bottom + 16}" text-anchor="middle" fill="#6b7280">${year}</text>`,
    );
  });
  options.series.forEach((series, s) => {
    if (options.area && s === 0) {
      parts.push(
        `<polygon points="${x(0).toFixed(1)},${y(0).toFixed(1)} ${path(series.values)} ${x(n - 1).toFixed(1)},${y(0).toFixed(1)}" fill="${series.color}" fill-opacity="0.25"/>`,
      );
    }
    parts.push(
      `<polyline points="${path(series.values)}" fill="none" stroke="${series.color}" stroke-width="${s === 0 ? 2 : 1.2}"/>`,
    );
    const lx = pad.left + s * 150;
    parts.push(`<rect x="${lx}" y="${height - 14}" width="10" height="10" fill="${series.color}"/>`);
    parts.push(`<text x="${lx + 14}" y="${height - 5}">${escapeXml(series.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Escape text for SVG and HTML. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function countYears(dates: readonly string[]): number {
  const first = Number(dates[0]?.slice(0, 4) ?? 0);
  const last = Number(dates.at(-1)?.slice(0, 4) ?? 0);
  return last - first + 1;
}
