import type { Allocation } from '../api-client.ts';
import { pct, usd } from '../format.ts';
import { AgeNote, BrokerValue, Panel } from './panel.tsx';

type Row = NonNullable<Allocation['value']>['rows'][number];

/** One symbol's weight against its target band, on a shared scale: the band shaded, the target a tick. */
function DriftBar({ row, scale }: { row: Row; scale: number }) {
  const at = (weight: number) => `${Math.min(100, (weight / scale) * 100)}%`;
  const label = row.band
    ? `${row.symbol}: ${pct(row.currentWeight)} against a target of ${pct(row.targetWeight)}, band ${pct(row.band.lower)} to ${pct(row.band.upper)}`
    : `${row.symbol}: ${pct(row.currentWeight)}, not a target`;
  return (
    <div className="drift-bar" role="img" aria-label={label}>
      {row.band ? (
        <span
          className="drift-band"
          style={{ left: at(row.band.lower), width: `calc(${at(row.band.upper)} - ${at(row.band.lower)})` }}
        />
      ) : null}
      <span className="drift-target" style={{ left: at(row.targetWeight) }} />
      <span
        className={row.outside ? 'drift-now outside' : 'drift-now'}
        style={{ left: at(row.currentWeight) }}
      />
    </div>
  );
}

/** Allocation against targets with each symbol's band, and what the policy decides right now and why. */
export function AllocationPanel({
  allocation,
  error,
}: {
  allocation: Allocation | undefined;
  error: Error | null;
}) {
  return (
    <Panel id="allocation" title="Allocation vs target" note={<AgeNote known={allocation} />}>
      <BrokerValue known={allocation} queryError={error} what="the allocation">
        {(value) => {
          const scale =
            Math.max(
              0.01,
              ...value.rows.map((row) => Math.max(row.currentWeight, row.band?.upper ?? row.targetWeight)),
            ) * 1.1;
          return (
            <>
              <p className={`decision decision-${value.decision.kind}`} data-testid="policy-decision">
                <strong>
                  {value.decision.kind === 'trade'
                    ? 'Rebalance due'
                    : value.decision.kind === 'hold'
                      ? 'On target'
                      : 'Refused'}
                </strong>
                : {value.decision.reason}
              </p>
              <table className="allocation">
                <thead>
                  <tr>
                    <th scope="col">Symbol</th>
                    <th scope="col">Now</th>
                    <th scope="col">Target</th>
                    <th scope="col" className="optional">
                      Drift
                    </th>
                    <th scope="col" className="bar-col">
                      Against the band
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...value.rows]
                    .sort((a, b) => b.targetWeight - a.targetWeight || a.symbol.localeCompare(b.symbol))
                    .map((row) => (
                      <tr key={row.symbol} className={row.outside ? 'outside' : undefined}>
                        <th scope="row">{row.symbol}</th>
                        <td>{pct(row.currentWeight)}</td>
                        <td>{pct(row.targetWeight)}</td>
                        <td className="optional">
                          {row.absoluteDrift >= 0 ? '+' : '−'}
                          {Math.abs(row.absoluteDrift * 100).toFixed(1)} pts
                        </td>
                        <td className="bar-col">
                          <DriftBar row={row} scale={scale} />
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
              <p className="fine">
                Bands:{' '}
                {value.policy.absoluteBand === null
                  ? ''
                  : `±${(value.policy.absoluteBand * 100).toFixed(0)} pts`}
                {value.policy.absoluteBand !== null && value.policy.relativeBand !== null ? ' or ' : ''}
                {value.policy.relativeBand === null
                  ? ''
                  : `±${(value.policy.relativeBand * 100).toFixed(0)} % of the target`}
                {' · '}at least {value.policy.minDaysBetween} days between rebalances · cash{' '}
                {pct(value.cashWeight)} of {usd(value.equityUsd)}
              </p>
            </>
          );
        }}
      </BrokerValue>
    </Panel>
  );
}
