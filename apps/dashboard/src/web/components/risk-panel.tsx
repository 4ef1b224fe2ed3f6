import type { Risk } from '../api-client.ts';
import { pct, signedPct, usd, when } from '../format.ts';
import { Empty, Panel } from './panel.tsx';

/** A value against its limit, as a bar that fills towards the limit. */
function Gauge(props: { label: string; value: number | null; limit: number; text: string }) {
  const share = props.value === null ? 0 : Math.min(1, Math.max(0, props.value / props.limit));
  return (
    <div className="gauge">
      <div className="gauge-head">
        <span>{props.label}</span>
        <span>{props.text}</span>
      </div>
      {/* The line above says it in words; the bar is for the eye. */}
      <div className="gauge-track" aria-hidden="true">
        <span
          className={share >= 0.8 ? 'gauge-fill hot' : 'gauge-fill'}
          style={{ width: `${share * 100}%` }}
        />
      </div>
    </div>
  );
}

/** Breakers, drawdown from the high-water mark, today's change, exposure per symbol, and the limits. */
export function RiskPanel({ risk, error }: { risk: Risk | undefined; error: Error | null }) {
  if (error)
    return (
      <Panel id="risk" title="Risk">
        <Empty kind="error">{error.message}</Empty>
      </Panel>
    );
  if (!risk)
    return (
      <Panel id="risk" title="Risk">
        <Empty kind="loading">Loading the risk figures…</Empty>
      </Panel>
    );
  const { breakers, halt, limits } = risk;
  const loss = risk.dailyChange === null ? null : Math.max(0, -risk.dailyChange);
  return (
    <Panel id="risk" title="Risk">
      <ul className="breakers">
        <li className={halt ? 'tripped' : 'clear'} data-testid="risk-halt">
          Halt switch: {halt ? `HALTED since ${when(halt.since)} (${halt.reason})` : 'off'}
        </li>
        <li className={breakers.dailyLoss ? 'tripped' : 'clear'}>
          Daily-loss breaker: {breakers.dailyLoss ? `TRIPPED — ${breakers.dailyLoss.reason}` : 'clear'}
        </li>
        <li className={breakers.drawdown ? 'tripped' : 'clear'}>
          Drawdown pause: {breakers.drawdown ? `TRIPPED — ${breakers.drawdown.reason}` : 'clear'}
        </li>
      </ul>
      <Gauge
        label="Drawdown from the high-water mark"
        value={risk.drawdown}
        limit={limits.maxDrawdown}
        text={
          risk.highWaterMarkUsd === null
            ? `no high-water mark yet: the first cycle sets it (pause at ${pct(limits.maxDrawdown, 0)})`
            : `${pct(risk.drawdown)} of ${pct(limits.maxDrawdown, 0)} (peak ${usd(risk.highWaterMarkUsd)})`
        }
      />
      <Gauge
        label="Today's loss"
        value={loss}
        limit={limits.maxDailyLoss}
        text={`${signedPct(risk.dailyChange)} (breaker at −${pct(limits.maxDailyLoss, 0)})`}
      />
      {risk.exposure.length > 0 ? (
        <>
          <h3>Exposure</h3>
          <ul className="exposure">
            {risk.exposure.map((item) => (
              <li key={item.symbol}>
                <span className="exposure-symbol">{item.symbol}</span>
                <span className="exposure-track">
                  <span className="exposure-fill" style={{ width: `${Math.min(100, item.weight * 100)}%` }} />
                </span>
                <span className="exposure-value">
                  {pct(item.weight)} · {usd(item.valueUsd)}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="fine">No exposure: no positions yet.</p>
      )}
      <p className="fine">
        Limits: largest order {limits.maxOrderUsd === null ? 'no limit' : usd(limits.maxOrderUsd)} · turnover{' '}
        {limits.maxTurnover === null ? 'no limit' : pct(limits.maxTurnover, 0)} · weight per symbol{' '}
        {limits.maxWeight === null ? 'no limit' : pct(limits.maxWeight, 0)} · capital cap{' '}
        {limits.capitalCapUsd === null ? 'none' : usd(limits.capitalCapUsd)}
      </p>
    </Panel>
  );
}
