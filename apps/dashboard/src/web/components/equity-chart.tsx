import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { dayOf, monthOf, usdRound } from '../format.ts';

/** One line of the chart. */
export interface ChartLine {
  name: string;
  values: number[];
}

const HEIGHT_PX = 260;
/** One colour per line: the goal chart draws five (its 10th to 90th percentiles). */
const COLORS = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6'];

/** A theme colour as the canvas needs it: the custom property resolved (`light-dark()` picked) to rgb. */
function resolvedColor(inside: HTMLElement, name: string): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${name})`;
  inside.append(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color;
}

/** Daily closes as uPlot's x values (seconds), at 16:00 New York. */
function xValues(dates: readonly string[]): number[] {
  return dates.map((date) => Date.parse(`${date}T21:00:00Z`) / 1000);
}

/**
 * Equity against the benchmarks with uPlot, sized to its container (a phone's width too) and drawn in the
 * theme's colours; `themeVersion` redraws it when the theme changes.
 */
export function EquityChart(props: {
  dates: string[];
  lines: ChartLine[];
  themeVersion: number;
  /** How a value reads (axis and legend); dollars by default. */
  format?: (value: number) => string;
  /** What the chart shows, for a screen reader; the equity against the benchmarks by default. */
  label?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { dates, lines, themeVersion } = props;
  const format = props.format ?? usdRound;
  // Years of history are labelled by year and month; weeks by day.
  const long = Date.parse(dates.at(-1) ?? '') - Date.parse(dates[0] ?? '') > 400 * 86_400_000;
  useEffect(() => {
    const element = ref.current;
    if (!element || themeVersion < 0) return;
    const color = (name: string) => resolvedColor(element, name);
    const axis = {
      stroke: color('--fg-muted'),
      grid: { stroke: color('--grid'), width: 1 },
      ticks: { show: false },
    };
    const plot = new uPlot(
      {
        width: element.clientWidth,
        height: HEIGHT_PX,
        series: [
          {
            label: 'Date',
            value: (_plot: uPlot, seconds: number | null) =>
              seconds === null ? '—' : long ? monthOf(seconds) : dayOf(seconds),
          },
          ...lines.map((line, index) => ({
            label: line.name,
            stroke: color(COLORS[index % COLORS.length] ?? '--chart-1'),
            width: index === 0 ? 2.5 : 1.5,
            value: (_plot: uPlot, value: number | null) => (value === null ? '—' : format(value)),
          })),
        ],
        axes: [
          {
            ...axis,
            space: 56,
            // Daily closes: ticks on whole days and longer, labelled by date, never by hour.
            incrs: [1, 2, 7, 14, 30, 91, 182, 365].map((days) => days * 86_400),
            values: (_plot: uPlot, ticks: number[]) =>
              ticks.map((tick) => (long ? monthOf(tick) : dayOf(tick))),
          },
          {
            ...axis,
            size: 64,
            values: (_plot: uPlot, ticks: number[]) => ticks.map((tick) => format(tick)),
          },
        ],
        legend: { live: true },
        cursor: { drag: { x: false, y: false } },
      },
      [xValues(dates), ...lines.map((line) => line.values)],
      element,
    );
    const observer = new ResizeObserver(() =>
      plot.setSize({ width: element.clientWidth, height: HEIGHT_PX }),
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [dates, lines, themeVersion, format, long]);
  return (
    <div
      ref={ref}
      className="chart"
      role="img"
      aria-label={
        props.label ??
        `Portfolio value from ${dates[0] ?? ''} to ${dates.at(-1) ?? ''} against ${lines
          .slice(1)
          .map((line) => line.name)
          .join(', ')}`
      }
    />
  );
}
