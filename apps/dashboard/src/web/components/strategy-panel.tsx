import { useMemo, useState } from 'react';
import type { Comparison } from '../api-client.ts';
import { pct } from '../format.ts';
import { useComparison } from '../strategy-queries.ts';
import { EquityChart } from './equity-chart.tsx';
import { Empty, Panel } from './panel.tsx';

type Figures = Comparison['comparison']['strategies'][number];

/** Target weights as a person reads them: "VTI 40 %, TLT 30 %". */
export function weightsText(targets: Record<string, number>): string {
  return Object.entries(targets)
    .map(([symbol, weight]) => `${symbol} ${Math.round(weight * 1000) / 10} %`)
    .join(', ');
}

const drawdownPct = (value: number) => `−${(value * 100).toFixed(1)} %`;

/** One allocation's figures, every one from the backtester. */
function FiguresRow(props: { figures: Figures; selected: boolean; onSelect: () => void }) {
  const { figures } = props;
  return (
    <tr className={props.selected ? 'selected' : undefined} data-testid={`strategy-row-${figures.id}`}>
      <th scope="row">
        <button
          type="button"
          className="link"
          aria-pressed={props.selected}
          onClick={props.onSelect}
          title={weightsText(figures.targets)}
        >
          {figures.id}
        </button>
        {/* A custom allocation's id is already "current". */}
        {figures.current && figures.id !== 'current' ? <span className="badge">current</span> : null}
      </th>
      <td>{pct(figures.cagr, 2)}</td>
      <td className="optional">{pct(figures.volatility, 1)}</td>
      <td className="optional">{figures.sharpe.toFixed(2)}</td>
      <td title={`${figures.maxDrawdownPeakDate} to ${figures.maxDrawdownTroughDate}`}>
        {drawdownPct(figures.maxDrawdown)}
      </td>
      <td className="optional">
        {figures.worstYear ? `${pct(figures.worstYear.return, 1)} (${figures.worstYear.year})` : '—'}
      </td>
      <td className="optional">{pct(figures.turnover, 0)}</td>
      <td className="optional">{figures.rebalances}</td>
    </tr>
  );
}

/** The selected allocation in detail, next to the current one. */
function Detail(props: { figures: Figures }) {
  const { figures } = props;
  return (
    <dl className="facts" data-testid="strategy-figures">
      <dt>Allocation</dt>
      <dd>
        <strong>{figures.id}</strong>: {weightsText(figures.targets)}
      </dd>
      <dt>Growth a year (CAGR)</dt>
      <dd data-testid="figure-cagr">{pct(figures.cagr, 2)}</dd>
      <dt>Volatility</dt>
      <dd>{pct(figures.volatility, 1)}</dd>
      <dt>Sharpe</dt>
      <dd>{figures.sharpe.toFixed(2)}</dd>
      <dt>Max drawdown</dt>
      <dd data-testid="figure-max-drawdown">
        {drawdownPct(figures.maxDrawdown)}, {figures.maxDrawdownPeakDate} to {figures.maxDrawdownTroughDate}
      </dd>
      <dt>Worst year</dt>
      <dd>{figures.worstYear ? `${pct(figures.worstYear.return, 1)} in ${figures.worstYear.year}` : '—'}</dd>
      <dt>Turnover, rebalances</dt>
      <dd>
        {pct(figures.turnover, 0)}, {figures.rebalances} rebalances
      </dd>
    </dl>
  );
}

/**
 * The presets and the current allocation side by side, every figure from the backtester over the bundled
 * history with the user's policy; a date range; equity and drawdown of the selected one against the current.
 */
export function StrategyPanel(props: { themeVersion: number }) {
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const query = useComparison(range);
  const data = query.data?.comparison;
  const current = data?.strategies.find((figures) => figures.current);
  const selected = data?.strategies.find((figures) => figures.id === selectedId) ?? current;
  const shown = useMemo(
    () => [...new Set([current, selected])].filter((figures): figures is Figures => figures !== undefined),
    [current, selected],
  );
  const equity = useMemo(
    () => shown.map((figures) => ({ name: figures.id, values: figures.equityUsd })),
    [shown],
  );
  const drawdown = useMemo(
    () => shown.map((figures) => ({ name: figures.id, values: figures.drawdown.map((d) => -d) })),
    [shown],
  );
  const setDate = (key: 'from' | 'to') => (event: React.ChangeEvent<HTMLInputElement>) => {
    const { value } = event.target;
    setRange((before) => {
      const next = { ...before };
      if (value) next[key] = value;
      else delete next[key];
      return next;
    });
  };
  return (
    <Panel
      id="strategy"
      title="Strategy: the presets and yours on history"
      wide
      note={query.isFetching ? 'computing…' : query.data?.cached ? 'from the cache' : undefined}
    >
      <form className="strategy-range" onSubmit={(event) => event.preventDefault()}>
        <label>
          From
          <input
            type="date"
            value={range.from ?? ''}
            min={data?.commonRange.firstDate}
            max={data?.commonRange.lastDate}
            onChange={setDate('from')}
          />
        </label>
        <label>
          To
          <input
            type="date"
            value={range.to ?? ''}
            min={data?.commonRange.firstDate}
            max={data?.commonRange.lastDate}
            onChange={setDate('to')}
          />
        </label>
      </form>
      {query.error ? <Empty kind="error">{query.error.message}</Empty> : null}
      {!data ? (
        query.error ? null : (
          <Empty kind="loading">Backtesting every allocation…</Empty>
        )
      ) : (
        <>
          <p className="muted">
            {data.dates[0]} to {data.dates.at(-1)} ({data.dates.length} trading days), replayed with your
            policy from ${data.startCashUsd.toLocaleString('en-US')}; pick an allocation to chart it against
            yours.
          </p>
          <div className="table-scroll">
            <table className="figures">
              <thead>
                <tr>
                  <th scope="col">Allocation</th>
                  <th scope="col">CAGR</th>
                  <th scope="col" className="optional">
                    Volatility
                  </th>
                  <th scope="col" className="optional">
                    Sharpe
                  </th>
                  <th scope="col">Max drawdown</th>
                  <th scope="col" className="optional">
                    Worst year
                  </th>
                  <th scope="col" className="optional">
                    Turnover
                  </th>
                  <th scope="col" className="optional">
                    Rebalances
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.strategies.map((figures) => (
                  <FiguresRow
                    key={figures.id}
                    figures={figures}
                    selected={figures.id === selected?.id}
                    onSelect={() => setSelectedId(figures.id)}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {data.skipped.map(({ id, missing }) => (
            <p key={id} className="muted">
              Not compared: {id} (no price history for {missing.join(', ')}).
            </p>
          ))}
          {selected ? <Detail figures={selected} /> : null}
          <h3>Value</h3>
          <EquityChart
            dates={data.dates}
            lines={equity}
            themeVersion={props.themeVersion}
            label={`Value of ${shown.map((f) => f.id).join(' and ')} from ${data.dates[0]} to ${data.dates.at(-1)}`}
          />
          <h3>Drawdown</h3>
          <EquityChart
            dates={data.dates}
            lines={drawdown}
            themeVersion={props.themeVersion}
            format={(value) => pct(value, 0)}
            label={`Fall from the running peak of ${shown.map((f) => f.id).join(' and ')}`}
          />
        </>
      )}
    </Panel>
  );
}
