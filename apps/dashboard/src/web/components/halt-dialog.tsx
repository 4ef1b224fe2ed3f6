import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { actionHeaders, answer, client, type Portfolio } from '../api-client.ts';
import { shares, usd, when } from '../format.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';

type Positions = NonNullable<Portfolio['positions']['value']>;

/** The emergency stop: what it stops, and, with liquidate, every position it sells and roughly for how much. */
export function HaltDialog(props: {
  csrfToken: string;
  positions: Positions | null;
  brokerLabel: string;
  onDone: (text: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('halted from the dashboard');
  const [cancelOrders, setCancelOrders] = useState(false);
  const [liquidate, setLiquidate] = useState(false);
  const halt = useMutation({
    mutationFn: () =>
      answer(
        client.api.halt.$post(
          { json: { reason: reason.trim() || 'halted from the dashboard', cancelOrders, liquidate } },
          actionHeaders(props.csrfToken),
        ),
      ),
    onSuccess: (outcome) =>
      props.onDone(
        `Halted since ${when(outcome.since)}: ${outcome.reason}` +
          (outcome.canceled.length > 0 ? `; ${outcome.canceled.length} open orders canceled` : '') +
          (outcome.closed.length > 0 ? `; ${outcome.closed.length} positions sent to close` : '') +
          (outcome.unclosed.length > 0 ? `; NOT closed: ${outcome.unclosed.join(', ')}` : ''),
      ),
  });
  const totalUsd = (props.positions ?? []).reduce((sum, position) => sum + position.marketValueUsd, 0);
  return (
    <ConfirmDialog
      title="Halt trading"
      confirmLabel={liquidate ? 'Halt and sell everything' : 'Halt trading'}
      danger
      busy={halt.isPending}
      error={halt.error?.message ?? null}
      onConfirm={() => halt.mutate()}
      onCancel={props.onClose}
    >
      <p>
        Trading stops: every cycle (the daemon, <code>dalio run</code>, this dashboard) refuses to place
        orders until you resume. A cycle already running stops before its next order.
      </p>
      <label htmlFor="halt-reason">Reason (shown by every refused cycle)</label>
      <input
        id="halt-reason"
        value={reason}
        maxLength={200}
        onChange={(event) => setReason(event.target.value)}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={cancelOrders || liquidate}
          disabled={liquidate}
          onChange={(event) => setCancelOrders(event.target.checked)}
        />
        Also cancel every open order {props.brokerLabel}
      </label>
      <label className="check">
        <input type="checkbox" checked={liquidate} onChange={(event) => setLiquidate(event.target.checked)} />
        Also sell every position at market
      </label>
      {liquidate ? (
        <div className="liquidate-warning" role="alert">
          <p>
            <strong>This sells everything at market price now</strong>
            {props.positions === null
              ? ' (the positions could not be read; every position held will be sold):'
              : ':'}
          </p>
          {props.positions && props.positions.length > 0 ? (
            <ul className="order-list">
              {props.positions.map((position) => (
                <li key={position.symbol}>
                  <span className="side side-sell">Sell</span> <strong>{position.symbol}</strong>{' '}
                  {shares(position.qty)} shares ≈ {usd(position.marketValueUsd)}
                </li>
              ))}
            </ul>
          ) : null}
          {props.positions ? <p>About {usd(totalUsd)} in total becomes cash.</p> : null}
        </div>
      ) : null}
    </ConfirmDialog>
  );
}
