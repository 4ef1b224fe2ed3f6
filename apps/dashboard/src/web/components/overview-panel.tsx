import type { Status } from '../api-client.ts';
import { ago, pct, signedPct, signedUsd, usd, when } from '../format.ts';
import { AgeNote, BrokerValue, Empty, Panel } from './panel.tsx';

/** The first thing to see: what the portfolio is worth, how today went, what the autopilot did and will do. */
export function OverviewPanel({ status, error }: { status: Status | undefined; error: Error | null }) {
  return (
    <Panel id="overview" title="Overview" note={<AgeNote known={status?.account} />} wide>
      <div className="overview">
        <BrokerValue known={status?.account} queryError={error} what="the account">
          {(account) => (
            <div className="hero">
              <p className="hero-label">Portfolio value</p>
              <p className="hero-value" data-testid="portfolio-value">
                {usd(account.equityUsd)}
              </p>
              <p
                className={account.todayChangeUsd >= 0 ? 'change up' : 'change down'}
                data-testid="today-change"
              >
                {signedUsd(account.todayChangeUsd)} ({signedPct(account.todayChangePct)}) today
              </p>
              <p className="hero-sub">
                Cash {usd(account.cashUsd)} ·{' '}
                {pct(account.equityUsd > 0 ? account.cashUsd / account.equityUsd : null)} of the portfolio
              </p>
            </div>
          )}
        </BrokerValue>
        {status ? (
          <dl className="facts">
            <dt>Trading</dt>
            <dd>
              {status.mode === 'live' ? 'LIVE' : 'Paper'} {status.broker.label}
            </dd>
            <dt>Last cycle</dt>
            <dd data-testid="last-cycle">
              {status.lastCycle ? (
                <>
                  <span className={`outcome outcome-${status.lastCycle.outcome}`}>
                    {status.lastCycle.outcome}
                  </span>{' '}
                  {status.lastCycle.day ?? ''} ({when(status.lastCycle.finishedAt)}):{' '}
                  {status.lastCycle.decision.reason}
                </>
              ) : (
                'No cycle has run yet.'
              )}
            </dd>
            <dt>Why no trade</dt>
            <dd>{status.whyNoTrade ? `${status.whyNoTrade.text} — ${status.whyNoTrade.detail}` : '—'}</dd>
            <dt>Next cycle</dt>
            <dd>
              {status.halt
                ? 'none while halted'
                : status.nextCycle
                  ? `${status.nextCycle.day}, ${when(status.nextCycle.at)}`
                  : 'waiting for the broker clock'}
            </dd>
            <dt>Last rebalance</dt>
            <dd>{status.lastRebalance ? `${status.lastRebalance.day}` : 'never'}</dd>
            <dt>Heartbeat</dt>
            <dd>
              {status.heartbeat
                ? `${status.heartbeat.outcome} ${ago(Date.now() - Date.parse(status.heartbeat.at))}`
                : 'no cycle has finished yet'}
            </dd>
            <dt>Market</dt>
            <dd>
              {status.market.value
                ? status.market.value.isOpen
                  ? `open until ${when(status.market.value.nextClose)}`
                  : `closed, opens ${when(status.market.value.nextOpen)}`
                : '—'}
            </dd>
          </dl>
        ) : error ? null : (
          <Empty kind="loading">Loading the status…</Empty>
        )}
      </div>
    </Panel>
  );
}
