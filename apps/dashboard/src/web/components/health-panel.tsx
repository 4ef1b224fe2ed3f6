import type { Health } from '../api-client.ts';
import { AgeNote, BrokerValue, Panel } from './panel.tsx';

const WORD = { ok: 'OK', warn: 'Warning', critical: 'Critical' } as const;

/** The observability checks (`dalio health`), computed in the background, each with its fix. */
export function HealthPanel({ health, error }: { health: Health | undefined; error: Error | null }) {
  return (
    <Panel id="health" title="Health" note={<AgeNote known={health} />}>
      <BrokerValue known={health} queryError={error} what="the health checks">
        {(report) => (
          <>
            <p className={`health-overall status-${report.status}`} data-testid="health-status">
              {WORD[report.status]}
            </p>
            <ul className="checks">
              {report.checks.map((check) => (
                <li key={check.name} className={`status-${check.status}`}>
                  <span className="dot" aria-hidden="true" />
                  <span className="check-name">{check.name}</span>{' '}
                  <span className="visually-hidden">{WORD[check.status]}:</span> {check.reason}
                  {check.status !== 'ok' && check.fix ? <span className="fix">Fix: {check.fix}</span> : null}
                </li>
              ))}
            </ul>
          </>
        )}
      </BrokerValue>
    </Panel>
  );
}
