import { useMemo } from 'react';
import type { Performance } from '../api-client.ts';
import { pct, signedPct } from '../format.ts';
import { type ChartLine, EquityChart } from './equity-chart.tsx';
import { AgeNote, BrokerValue, Empty, Panel } from './panel.tsx';

type Series = NonNullable<Performance['value']>;

/** Annualised figures of a few weeks say nothing: below this span they are left out. */
const MIN_YEARS_FOR_ANNUAL = 1;

function yearsOf(dates: string[]): number {
  const first = dates[0];
  const last = dates.at(-1);
  return first && last ? (Date.parse(last) - Date.parse(first)) / (365.25 * 86_400_000) : 0;
}

/** The statistics of the series; CAGR and Sharpe only once there is a year of history to annualise. */
function Stats({ stats, years }: { stats: NonNullable<Series['stats']>; years: number }) {
  const annual = years >= MIN_YEARS_FOR_ANNUAL;
  const items: [string, string][] = [
    ['Total return', signedPct(stats.totalReturn)],
    ...(annual ? ([['CAGR', signedPct(stats.cagr)]] as [string, string][]) : []),
    ['Volatility', pct(stats.volatility)],
    ['Max drawdown', pct(stats.maxDrawdown)],
    ...(annual ? ([['Sharpe', stats.sharpe.toFixed(2)]] as [string, string][]) : []),
  ];
  return (
    <>
      <dl className="stats">
        {items.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {annual ? null : <p className="fine">CAGR and Sharpe appear once there is a year of history.</p>}
    </>
  );
}

function Chart({ series, themeVersion }: { series: Series; themeVersion: number }) {
  const lines = useMemo<ChartLine[]>(
    () => [
      { name: 'Dalio Lite', values: series.equityUsd },
      ...series.benchmarks.map((benchmark) => ({ name: benchmark.name, values: benchmark.equityUsd })),
    ],
    [series],
  );
  return <EquityChart dates={series.dates} lines={lines} themeVersion={themeVersion} />;
}

/** Equity over time against SPY, AGG and 60/40 from the same start, with the statistics. */
export function PerformancePanel(props: {
  performance: Performance | undefined;
  error: Error | null;
  themeVersion: number;
}) {
  return (
    <Panel
      id="performance"
      title="Performance vs benchmarks"
      note={<AgeNote known={props.performance} />}
      wide
    >
      <BrokerValue known={props.performance} queryError={props.error} what="the performance series">
        {(series) =>
          series.dates.length < 2 ? (
            <Empty>
              No history yet: the chart starts with the first cycle and needs two daily closes to draw a line.
            </Empty>
          ) : (
            <>
              <Chart series={series} themeVersion={props.themeVersion} />
              {series.stats ? <Stats stats={series.stats} years={yearsOf(series.dates)} /> : null}
              {series.notes.map((note) => (
                <p className="fine" key={note}>
                  {note}
                </p>
              ))}
            </>
          )
        }
      </BrokerValue>
    </Panel>
  );
}
