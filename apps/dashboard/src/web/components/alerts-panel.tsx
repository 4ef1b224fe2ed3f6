import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type Alerts, actionHeaders, answer, client } from '../api-client.ts';
import { useDashboard } from '../dashboard-context.ts';
import { when } from '../format.ts';
import { Empty, Panel } from './panel.tsx';

/** The firing alerts, newest first, each acknowledgeable (until it fires anew). */
export function AlertsPanel({ alerts, error }: { alerts: Alerts | undefined; error: Error | null }) {
  const { csrfToken } = useDashboard();
  const queryClient = useQueryClient();
  const ack = useMutation({
    mutationFn: (key: string) =>
      answer(
        client.api.alerts[':key'].ack.$post({ param: { key }, json: {} }, actionHeaders(csrfToken ?? '')),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['alerts'] }),
  });
  return (
    <Panel id="alerts" title="Alerts">
      {error ? (
        <Empty kind="error">{error.message}</Empty>
      ) : !alerts ? (
        <Empty kind="loading">Loading the alerts…</Empty>
      ) : alerts.alerts.length === 0 ? (
        <Empty>No alert is firing.</Empty>
      ) : (
        <ul className="alerts">
          {alerts.alerts.map((alert) => (
            <li key={alert.key} className={`severity-${alert.severity}`}>
              <span className="severity">{alert.severity}</span> {alert.title}
              <span className="fine">
                {' '}
                since {when(alert.firstAt)}
                {alert.acknowledgedAt ? ` · acknowledged ${when(alert.acknowledgedAt)}` : ''}
              </span>
              {csrfToken && !alert.acknowledgedAt ? (
                <button type="button" onClick={() => ack.mutate(alert.key)} disabled={ack.isPending}>
                  Acknowledge
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {ack.error ? (
        <p className="form-error" role="alert">
          {ack.error.message}
        </p>
      ) : null}
    </Panel>
  );
}
