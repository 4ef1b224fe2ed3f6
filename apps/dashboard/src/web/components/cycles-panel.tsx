import type { Cycle } from '../api-client.ts';
import { shares, usd, when } from '../format.ts';
import { useCycles } from '../queries.ts';
import { Empty, Panel } from './panel.tsx';

type Order = Cycle['orders'][number];

function amountText(order: Order): string {
  return order.amount.kind === 'notional'
    ? usd(Number(order.amount.usd))
    : `${shares(Number(order.amount.shares))} shares`;
}

/** An order with the broker's last answer: status, fill, or the error it gave. */
function OrderRow({ order }: { order: Order }) {
  const last = order.answers.at(-1);
  return (
    <tr>
      <td>
        <span className={`side side-${order.side}`}>{order.side}</span> <strong>{order.symbol}</strong>
      </td>
      <td>{amountText(order)}</td>
      <td>{last ? last.status : 'not sent'}</td>
      <td className="optional">
        {last?.filledQty ? `${shares(last.filledQty)} @ ${usd(last.filledAvgPriceUsd)}` : '—'}
      </td>
      <td className="optional">{last?.error ? last.error.message : `${order.answers.length} answers`}</td>
    </tr>
  );
}

function CycleItem({ cycle }: { cycle: Cycle }) {
  return (
    <li className="cycle" data-cycle={cycle.n}>
      <details>
        <summary>
          <span className={`outcome outcome-${cycle.outcome}`}>{cycle.outcome}</span>{' '}
          <strong>{cycle.day ?? '(no trading day)'}</strong>{' '}
          <span className="fine">{when(cycle.finishedAt)}</span>
          <span className="cycle-reason">{cycle.decision.reason}</span>
        </summary>
        <div className="cycle-body">
          {cycle.orders.length > 0 ? (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Order</th>
                    <th scope="col">Amount</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="optional">
                      Filled
                    </th>
                    <th scope="col" className="optional">
                      Broker answer
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {cycle.orders.map((order) => (
                    <OrderRow key={order.clientOrderId} order={order} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="fine">No orders.</p>
          )}
          {cycle.reconciliationNotes.length > 0 ? (
            <>
              <h3>Reconciliation</h3>
              <ul className="notes">
                {cycle.reconciliationNotes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            </>
          ) : null}
          {cycle.errors.length > 0 ? (
            <>
              <h3>Errors</h3>
              <ul className="notes errors">
                {cycle.errors.map((error) => (
                  <li key={error}>{error}</li>
                ))}
              </ul>
            </>
          ) : null}
          <p className="fine">
            Cycle {cycle.cycleId}
            {cycle.code ? ` · ${cycle.code}` : ''} · {((cycle.durationsMs.total ?? 0) / 1000).toFixed(1)} s
          </p>
        </div>
      </details>
    </li>
  );
}

/** The recorded cycles, newest first; each opens to its orders, the broker's answers and the notes. */
export function CyclesPanel({ polling }: { polling: boolean }) {
  const cycles = useCycles(polling);
  const all = cycles.data?.pages.flatMap((page) => page.cycles) ?? [];
  return (
    <Panel id="cycles" title="Rebalances and cycles" wide>
      {cycles.error ? (
        <Empty kind="error">{cycles.error.message}</Empty>
      ) : cycles.isPending ? (
        <Empty kind="loading">Loading the history…</Empty>
      ) : all.length === 0 ? (
        <Empty>
          No history yet: nothing has run. The first cycle (the daemon, <code>dalio run</code>, or Rebalance
          now) shows here.
        </Empty>
      ) : (
        <>
          <ol className="cycles" data-testid="cycles">
            {all.map((cycle) => (
              <CycleItem key={cycle.n} cycle={cycle} />
            ))}
          </ol>
          {cycles.hasNextPage ? (
            <button
              type="button"
              onClick={() => void cycles.fetchNextPage()}
              disabled={cycles.isFetchingNextPage}
            >
              {cycles.isFetchingNextPage ? 'Loading…' : 'Show older'}
            </button>
          ) : null}
        </>
      )}
    </Panel>
  );
}
