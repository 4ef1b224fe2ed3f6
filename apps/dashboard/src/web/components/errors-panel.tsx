import type { ErrorLog } from '../api-client.ts';
import { when } from '../format.ts';
import { Empty, Panel } from './panel.tsx';

/** Recent errors: failed, partial and refused cycles, and what the dashboard itself failed to read or do. */
export function ErrorsPanel({ log, error }: { log: ErrorLog | undefined; error: Error | null }) {
  return (
    <Panel id="errors" title="Error log" wide>
      {error ? (
        <Empty kind="error">{error.message}</Empty>
      ) : !log ? (
        <Empty kind="loading">Loading the error log…</Empty>
      ) : log.errors.length === 0 ? (
        <Empty>No errors recorded.</Empty>
      ) : (
        <ol className="error-log">
          {log.errors.map((line) => (
            <li key={`${line.at}-${line.what}-${line.message}`}>
              <span className="fine">{when(line.at)}</span> <strong>{line.what}</strong>: {line.message}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
