import type { Status } from '../api-client.ts';
import { ago, when } from '../format.ts';

/** What needs a person before anything else: a halt, a tripped breaker, a refused state, the broker down. */
export function StatusBanners({ status }: { status: Status | undefined }) {
  if (!status) return null;
  const { halt, breakers, state, market } = status;
  return (
    <div className="banners">
      {halt ? (
        <p className="banner banner-halted" role="alert" data-testid="halted-banner">
          <strong>Trading is halted</strong> since {when(halt.since)}: {halt.reason}. No cycle places orders
          until you resume.
        </p>
      ) : null}
      {breakers.dailyLoss ? (
        <p className="banner banner-halted" role="alert">
          <strong>Daily-loss breaker tripped</strong> ({when(breakers.dailyLoss.trippedAt)}):{' '}
          {breakers.dailyLoss.reason}. Review, then resume.
        </p>
      ) : null}
      {breakers.drawdown ? (
        <p className="banner banner-halted" role="alert">
          <strong>Drawdown pause</strong> ({when(breakers.drawdown.trippedAt)}): {breakers.drawdown.reason}.
          Review, then resume.
        </p>
      ) : null}
      {!state.ok ? (
        <p className="banner banner-error" role="alert">
          <strong>The state was refused</strong>: {state.message}. Nothing trades until it is restored (see{' '}
          <code>dalio state</code>).
        </p>
      ) : null}
      {market.error ? (
        <p className="banner banner-warn" role="status">
          <strong>The broker cannot be read</strong>: {market.error.message}.{' '}
          {market.at ? `Values shown are from ${ago(market.ageMs)}.` : 'No broker values yet.'}
        </p>
      ) : null}
    </div>
  );
}
