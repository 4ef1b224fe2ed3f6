/**
 * The colours of a report, light and dark, as CSS custom properties. The page and the SVG charts draw with
 * these variables (and `currentColor`), so one `prefers-color-scheme` switch themes text, grid and lines.
 */

/** Series colours (the portfolio first, then benchmarks) as CSS variables with their light fallback. */
export const SERIES_COLORS = [
  'var(--series-1, #2563eb)',
  'var(--series-2, #d97706)',
  'var(--series-3, #059669)',
  'var(--series-4, #7c3aed)',
  'var(--series-5, #6b7280)',
] as const;

/** The colour of a drawdown area. */
export const DRAWDOWN_COLOR = 'var(--drawdown, #dc2626)';

/** Presentation-attribute colours for chart parts, used where CSS does not reach; the stylesheet overrides them. */
export const CHART_FALLBACK = {
  text: '#111827',
  muted: '#4b5563',
  grid: '#e5e7eb',
  axis: '#9ca3af',
} as const;

const LIGHT = `--bg:#ffffff;--fg:#111827;--muted:#4b5563;--surface:#f3f4f6;--border:#d1d5db;--grid:#e5e7eb;--axis:#9ca3af;
--series-1:#2563eb;--series-2:#d97706;--series-3:#059669;--series-4:#7c3aed;--series-5:#6b7280;--drawdown:#dc2626`;

const DARK = `--bg:#111827;--fg:#e5e7eb;--muted:#9ca3af;--surface:#1f2937;--border:#374151;--grid:#374151;--axis:#6b7280;
--series-1:#60a5fa;--series-2:#fbbf24;--series-3:#34d399;--series-4:#c4b5fd;--series-5:#9ca3af;--drawdown:#f87171`;

/** The theme variables on `:root` (the page, or the outer element of a standalone SVG), light and dark. */
export const THEME_CSS = `:root{color-scheme:light dark;${LIGHT}}
@media (prefers-color-scheme: dark){:root{${DARK}}}`;

/** How the chart parts use the theme. */
export const CHART_CSS = `.chart{color:var(--fg)}
.chart-title,.chart-legend{fill:currentColor}
.chart-tick{fill:var(--muted)}
.chart-grid{stroke:var(--grid)}
.chart-axis{stroke:var(--axis)}
.chart-background{fill:var(--bg)}`;

/** The page: readable measure, a statistics table with right-aligned figures, wrapping text blocks, phone layout. */
export const PAGE_CSS = `*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;line-height:1.45;max-width:1000px;margin:0 auto;padding:1.5rem 1rem;background:var(--bg);color:var(--fg)}
h1{font-size:1.6rem;margin:0 0 .75rem}
h2,caption{font-size:1.2rem;font-weight:600;text-align:left}
h2{margin:2rem 0 .5rem}
caption{padding:0 0 .5rem}
.facts{padding-left:1.2rem}
.facts li{margin:.2rem 0}
.date{white-space:nowrap}
.table-scroll{overflow-x:auto;margin:1.5rem 0}
.stats{border-collapse:collapse;font-variant-numeric:tabular-nums}
.stats th,.stats td{padding:.35rem .6rem;border-bottom:1px solid var(--border)}
.stats thead th{text-align:right;vertical-align:bottom}
.stats th[scope=row]{text-align:left;font-weight:normal}
.stats td{text-align:right;white-space:nowrap}
.stats td:nth-child(2){font-weight:600}
.stats small{display:block;color:var(--muted);font-size:.8em}
.stats tbody tr:nth-child(odd){background:var(--surface)}
.chart-figure{margin:1.5rem 0}
.chart-figure svg{display:block;max-width:100%;height:auto}
.chart-narrow{display:none}
.text-block{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;background:var(--surface);padding:.75rem 1rem;border-radius:4px}
.text-block .line{white-space:pre-wrap;overflow-wrap:anywhere;padding-left:calc(var(--indent,0ch) + 2ch);text-indent:-2ch}
@media (max-width:700px){
body{padding:1rem .6rem}
h1{font-size:1.35rem}
.chart-wide{display:none}
.chart-narrow{display:block}
.chart-narrow svg{width:100%;max-width:560px}
.stats{font-size:.72rem}
.stats th,.stats td{padding:.3rem .15rem}
.text-block{font-size:.75rem;padding:.5rem .6rem}
}`;
