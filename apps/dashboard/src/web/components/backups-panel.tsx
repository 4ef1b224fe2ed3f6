import type { Backups } from '../api-client.ts';
import { when } from '../format.ts';
import { AgeNote, Empty, Panel } from './panel.tsx';

function size(bytes: number | null): string {
  if (bytes === null) return '';
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Stores that could not be listed (their backups are missing from the list below). */
function Problems({ problems }: { problems: string[] }) {
  return problems.length === 0 ? null : (
    <ul className="notes errors">
      {problems.map((problem) => (
        <li key={problem}>{problem}</li>
      ))}
    </ul>
  );
}

/** The backups of the state directory, newest first, or why there are none. */
export function BackupsPanel({ backups, error }: { backups: Backups | undefined; error: Error | null }) {
  const listing = backups?.value;
  return (
    <Panel id="backups" title="Backups" note={<AgeNote known={backups} />}>
      {error ? (
        <Empty kind="error">{error.message}</Empty>
      ) : backups?.error && !listing ? (
        <Empty kind="error">The backups could not be listed: {backups.error.message}</Empty>
      ) : !listing ? (
        <Empty kind="loading">Listing the backups…</Empty>
      ) : !listing.configured ? (
        <Empty>{listing.reason}</Empty>
      ) : listing.backups.length === 0 ? (
        <>
          <Problems problems={listing.problems} />
          <Empty>No backup yet: use Backup now, or wait for the next cycle.</Empty>
        </>
      ) : (
        <>
          <Problems problems={listing.problems} />
          <ul className="backups">
            {listing.backups.slice(0, 10).map((backup) => (
              <li key={backup.id}>
                <strong>{when(backup.createdAt)}</strong> {backup.location} {size(backup.sizeBytes)}{' '}
                <span className={backup.verifiedAt ? 'verified' : 'unverified'}>
                  {backup.verifiedAt ? `verified ${when(backup.verifiedAt)}` : 'not verified'}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}
