import type { Portfolio } from '../api-client.ts';
import { pct, shares, signedUsd, usd } from '../format.ts';
import { AgeNote, BrokerValue, Empty, Panel } from './panel.tsx';

/** Up or down, for the colour; under half a cent is neither. */
function trend(usd: number): string {
  return Math.abs(usd) < 0.005 ? '' : usd > 0 ? 'up' : 'down';
}

/** The positions at the broker, largest first. */
export function PositionsPanel({
  portfolio,
  error,
}: {
  portfolio: Portfolio | undefined;
  error: Error | null;
}) {
  const positions = portfolio?.positions;
  return (
    <Panel id="positions" title="Positions" note={<AgeNote known={positions} />}>
      <BrokerValue known={positions} queryError={error} what="the positions">
        {(rows) =>
          rows.length === 0 ? (
            <Empty>No positions: the account holds only cash. The first cycle buys the targets.</Empty>
          ) : (
            <div className="table-scroll">
              <table className="positions" data-testid="positions-table">
                <thead>
                  <tr>
                    <th scope="col">Symbol</th>
                    <th scope="col">Shares</th>
                    <th scope="col" className="optional">
                      Price
                    </th>
                    <th scope="col">Value</th>
                    <th scope="col">Weight</th>
                    <th scope="col" className="optional">
                      Unrealized
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((position) => (
                    <tr key={position.symbol} data-symbol={position.symbol}>
                      <th scope="row">{position.symbol}</th>
                      <td>{shares(position.qty)}</td>
                      <td className="optional">{usd(position.priceUsd)}</td>
                      <td className="money" data-testid={`value-${position.symbol}`}>
                        {usd(position.marketValueUsd)}
                      </td>
                      <td>
                        {pct(position.weight)} <span className="fine">/ {pct(position.targetWeight, 0)}</span>
                      </td>
                      <td className={`optional money ${trend(position.unrealizedUsd)}`}>
                        {signedUsd(position.unrealizedUsd)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </BrokerValue>
    </Panel>
  );
}
