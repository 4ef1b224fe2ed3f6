import type { BacktestStats } from '@dalio-lite/backtest';
import { describe, expect, it } from 'vitest';
import { type ReportContent, renderReportHtml, renderReportSvg, writeReport } from './backtest-report.ts';
import { SERIES_COLORS } from './report-theme.ts';

function stats(overrides: Partial<BacktestStats> = {}): BacktestStats {
  return {
    startDate: '2015-01-02',
    endDate: '2019-12-31',
    startValue: 100_000,
    finalValue: 1_234_567.89,
    totalReturn: 0.5,
    cagr: 0.068,
    volatility: 0.077,
    sharpe: 0.9,
    maxDrawdown: 0.233,
    maxDrawdownPeakDate: '2018-01-26',
    maxDrawdownTroughDate: '2018-12-24',
    worstYear: { year: 2018, return: -0.186 },
    rebalances: 18,
    turnover: 0.113,
    turnoverUsd: 50_000,
    costs: 12.5,
    feesUsd: 10,
    slippageUsd: 2.5,
    ...overrides,
  };
}

function weekdays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

function content(overrides: Partial<ReportContent> = {}): ReportContent {
  const dates = weekdays('2015-01-02', '2019-12-31');
  const equity = Float64Array.from(dates, (_, i) => 100_000 * 1.0004 ** i * (1 + 0.05 * Math.sin(i / 40)));
  let peak = 0;
  const drawdown = Float64Array.from(equity, (value) => {
    peak = Math.max(peak, value);
    return 1 - value / peak;
  });
  return {
    title: 'Backtest 2015-01-02 – 2019-12-31',
    facts: ['Targets: VTI 60.0 %, AGG 40.0 %'],
    stats: [
      { label: 'portfolio', stats: stats() },
      { label: 'SPY', stats: stats({ finalValue: 180_000, maxDrawdown: 0.337, worstYear: null }) },
    ],
    dates,
    equity: [
      { label: 'portfolio', values: equity, color: SERIES_COLORS[0] },
      { label: 'SPY', values: equity.map((v) => v * 1.1), color: SERIES_COLORS[1] },
    ],
    drawdown,
    sections: [{ title: 'Rebalances', text: '2015-01-02  initial investment\n    buy 1.0000 VTI @ 100.00' }],
    ...overrides,
  };
}

/** The text of every match of `pattern`'s first group. */
function all(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[1] ?? '');
}

/** Throw unless `xml` is one well-formed element: tags nest, attributes are quoted, `<` and `&` are escaped. */
function expectWellFormedXml(xml: string): void {
  const token =
    /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<&]*(?:&(?:#\d+|[a-z]+);[^"<&]*)*")*)\s*(\/?)>|<|&(?!#\d+;|[a-z]+;)/g;
  const open: string[] = [];
  let roots = 0;
  for (const match of xml.trim().matchAll(token)) {
    const [whole, closing, name, , selfClosing] = match;
    if (!name) {
      if (whole === '<' || whole === '&')
        throw new Error(`unescaped ${whole}: ${xml.slice(match.index, match.index + 60)}`);
      continue;
    }
    if (open.length === 0) roots++;
    if (closing) expect(open.pop(), `</${name}> closes`).toBe(name);
    else if (!selfClosing) open.push(name);
  }
  expect(open).toEqual([]);
  expect(roots).toBe(1);
}

describe('renderReportHtml', () => {
  it('shows the statistics as a table: a column per result, a row per metric with its unit', () => {
    const html = renderReportHtml(content());
    const table = html.match(/<table class="stats">[\s\S]*?<\/table>/)?.[0] ?? '';
    expect(all(table, /<th scope="col">(.*?)<\/th>/g)).toEqual(['portfolio', 'SPY']);
    expect(all(table, /<th scope="row">(.*?)<\/th>/g)).toEqual([
      'Final value (USD)',
      'CAGR (%/yr)',
      'Volatility (%/yr)',
      'Sharpe ratio',
      'Max drawdown (%)',
      'Worst calendar year (%)',
      'Rebalances',
      'Turnover (%/yr)',
      'Costs (USD)',
    ]);
    const rows = all(table, /<tr><th scope="row">.*?<\/th>(.*?)<\/tr>/g).map((row) =>
      all(row, /<td>(.*?)<\/td>/g),
    );
    expect(rows[0]).toEqual(['1,234,568', '180,000']);
    expect(rows[4]).toEqual(['−23.3', '−33.7']);
    expect(rows[5]).toEqual(['−18.6 <small>2018</small>', '–']);
    expect(rows[8]).toEqual(['12.50', '12.50']);
  });

  it('escapes labels and text, and fetches nothing', () => {
    const html = renderReportHtml(
      content({
        title: 'A <b>&</b> report',
        stats: [{ label: '<script>', stats: stats() }],
        sections: [{ title: 'Notes', text: '<img src=x>' }],
      }),
    );
    expect(html).not.toMatch(/<script|<img|<b>|<link|@import|url\(/);
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:/);
  });

  it('themes page and charts with CSS variables that a dark-mode block redefines', () => {
    const html = renderReportHtml(content());
    const dark = html.match(/@media \(prefers-color-scheme: dark\)\{:root\{([^}]*)\}\}/)?.[1] ?? '';
    for (const variable of ['--bg', '--fg', '--muted', '--grid', '--series-1', '--series-2', '--drawdown']) {
      expect(dark).toContain(`${variable}:`);
    }
    const lines = all(html, /<polyline [^>]*style="stroke:([^"]*)"/g);
    expect(lines.length).toBeGreaterThan(0);
    for (const stroke of lines) expect(stroke).toMatch(/^var\(--(series-\d|drawdown), #[0-9a-f]{6}\)$/);
    for (const text of html.match(/<text [^>]*>/g) ?? [])
      expect(text).toMatch(/class="chart-(title|legend|tick)"/);
  });

  it('draws each chart twice, for wide and for phone screens, and shows one by the width', () => {
    const html = renderReportHtml(content());
    expect(all(html, /<svg [^>]*viewBox="0 0 (\d+) \d+"/g)).toEqual(['960', '400', '960', '400']);
    expect(html).toMatch(
      /@media \(max-width:700px\)\{[^@]*\.chart-wide\{display:none\}\s*\.chart-narrow\{display:block\}/,
    );
  });

  it('writes text sections as wrapping lines, each indented line keeping its indent when it wraps', () => {
    const html = renderReportHtml(content());
    expect(html).not.toContain('<pre');
    expect(html).toContain('<div class="line">2015-01-02  initial investment</div>');
    expect(html).toContain('<div class="line" style="--indent:4ch">buy 1.0000 VTI @ 100.00</div>');
    expect(html).toMatch(/\.text-block \.line\{white-space:pre-wrap;overflow-wrap:anywhere;/);
  });
});

describe('renderReportSvg', () => {
  it('is one well-formed SVG with both charts, its own light and dark theme and a themed background', () => {
    const svg = renderReportSvg(content());
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expectWellFormedXml(svg);
    expect(all(svg, /aria-label="([^"]*)"/g)).toEqual(['Equity (USD)', 'Drawdown from peak (%)']);
    expect(svg).toContain('@media (prefers-color-scheme: dark)');
    expect(svg).toMatch(/<rect class="chart-background" width="992" height="580"/);
  });

  it('stays well-formed with markup in its labels', () => {
    expectWellFormedXml(
      renderReportSvg(
        content({
          equity: [{ label: 'a<b & "c"', values: [1, 2], color: SERIES_COLORS[0] }],
          dates: ['2020-01-02', '2020-01-03'],
          drawdown: [0, 0],
        }),
      ),
    );
  });
});

describe('writeReport', () => {
  it('refuses a file that is neither .html nor .svg', async () => {
    await expect(writeReport('report.pdf', '/tmp', content())).rejects.toThrow(
      '--report: "report.pdf" must end in .html or .svg',
    );
  });
});
