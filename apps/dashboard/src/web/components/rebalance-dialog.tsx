import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { actionHeaders, answer, type CycleAnswer, client, type DryRun } from '../api-client.ts';
import { shares, usd } from '../format.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';

function amountText(order: DryRun['orders'][number]): string {
  return order.amount.kind === 'notional'
    ? usd(Number(order.amount.usd))
    : `${shares(Number(order.amount.shares))} shares`;
}

/** What a rebalance now would do, from the engine's own dry run, stated before anything is sent. */
function Preview(props: { plan: DryRun; brokerLabel: string; live: boolean; previewOnly: boolean }) {
  const { plan, brokerLabel, live } = props;
  const { decision, orders } = plan;
  if (decision.kind === 'refuse')
    return (
      <p>
        The cycle would refuse to trade: <strong>{decision.reason}</strong>
      </p>
    );
  if (decision.kind === 'hold' || orders.length === 0)
    return (
      <>
        <p>
          The policy holds: <strong>{decision.reason}</strong>
        </p>
        <p>Running the cycle now places no orders; it records the decision in the history.</p>
      </>
    );
  return (
    <>
      <p>
        {props.previewOnly ? 'A cycle now would place' : 'The engine will place'}{' '}
        <strong>{orders.length} market orders</strong> {brokerLabel}
        {live ? ', with REAL money' : ''}:
      </p>
      <ul className="order-list">
        {orders.map((order) => (
          <li key={`${order.side}-${order.symbol}`}>
            <span className={`side side-${order.side}`}>{order.side === 'sell' ? 'Sell' : 'Buy'}</span>{' '}
            <strong>{order.symbol}</strong> {amountText(order)}
            {order.amount.kind === 'qty' ? ` (≈ ${usd(order.estimatedValueUsd)})` : ''}
          </li>
        ))}
      </ul>
      <p>
        Why: {decision.reason}. Sells go first; buys follow once the sells have filled, scaled to the cash
        then available. Fills may differ slightly from these amounts.
      </p>
    </>
  );
}

/**
 * "Rebalance now": preview with the engine's dry run, confirm, then run the engine's cycle under its lock. With
 * `previewOnly` it is the dry run alone: what a cycle would do now, and nothing can be sent from it.
 */
export function RebalanceDialog(props: {
  previewOnly?: boolean;
  csrfToken: string;
  brokerLabel: string;
  live: boolean;
  onDone: (report: CycleAnswer) => void;
  onClose: () => void;
}) {
  const [force, setForce] = useState(false);
  const preview = useQuery({
    queryKey: ['dry-run', force],
    queryFn: () => answer(client.api['dry-run'].$post({ json: { force } }, actionHeaders(props.csrfToken))),
    gcTime: 0,
    staleTime: 0,
    retry: false,
  });
  const run = useMutation({
    mutationFn: () => answer(client.api.rebalance.$post({ json: { force } }, actionHeaders(props.csrfToken))),
    onSuccess: props.onDone,
  });
  const plan = preview.data;
  const orders = plan?.decision.kind === 'trade' ? plan.orders.length : 0;
  return (
    <ConfirmDialog
      title={props.previewOnly ? 'Dry run' : 'Rebalance now'}
      {...(props.previewOnly
        ? {}
        : { confirmLabel: orders > 0 ? `Place ${orders} orders` : 'Run the cycle' })}
      danger={orders > 0}
      busy={run.isPending}
      blocked={
        preview.isPending
          ? 'Asking the engine what it would do…'
          : plan?.decision.kind === 'refuse'
            ? 'Nothing can be traded until the reason above is resolved.'
            : props.previewOnly
              ? 'A dry run: nothing was sent. Use Rebalance now to place these orders.'
              : null
      }
      error={preview.error?.message ?? run.error?.message ?? null}
      onConfirm={() => run.mutate()}
      onCancel={props.onClose}
    >
      {plan ? (
        <Preview
          plan={plan}
          brokerLabel={props.brokerLabel}
          live={props.live}
          previewOnly={props.previewOnly ?? false}
        />
      ) : null}
      {plan && plan.notes.length > 0 ? (
        <ul className="notes">
          {plan.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      <label className="check">
        <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} />
        Force: ignore the bands and the minimum days between rebalances (never the lock, a halt, or once a
        day)
      </label>
    </ConfirmDialog>
  );
}
