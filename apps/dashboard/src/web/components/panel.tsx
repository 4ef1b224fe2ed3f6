import type { ReactNode } from 'react';
import { ago } from '../format.ts';

/** Where a panel's value came from: a broker read with its age, or a failure of that read. */
export interface Freshness {
  at: string | null;
  ageMs: number | null;
  refreshing: boolean;
  error: { message: string; at: string } | null;
}

/** One section of the page: a heading, an optional note on the right, and its body. */
export function Panel(props: {
  id: string;
  title: string;
  note?: ReactNode;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <section
      className={props.wide ? 'panel wide' : 'panel'}
      aria-labelledby={`${props.id}-title`}
      id={props.id}
    >
      <header className="panel-head">
        <h2 id={`${props.id}-title`}>{props.title}</h2>
        {props.note ? <span className="panel-note">{props.note}</span> : null}
      </header>
      {props.children}
    </section>
  );
}

/** The age of a broker value ("as of 12 s ago"), and "refreshing" while a read is under way. */
export function AgeNote({ known }: { known: Freshness | undefined }) {
  if (!known) return null;
  if (known.at === null) return <span>{known.refreshing ? 'reading…' : 'not read yet'}</span>;
  return (
    <span title={known.at}>
      as of {ago(known.ageMs)}
      {known.refreshing ? ' · refreshing' : ''}
    </span>
  );
}

/** What a panel shows instead of data: loading, empty, or an error with what to do. */
export function Empty(props: { kind?: 'loading' | 'empty' | 'error'; children: ReactNode }) {
  const kind = props.kind ?? 'empty';
  return (
    <p className={`empty empty-${kind}`} role={kind === 'error' ? 'alert' : undefined}>
      {props.children}
    </p>
  );
}

/**
 * The standard states of a panel fed by a broker read: loading, failing with no value yet (broker down), or
 * the value with a warning when the last refresh failed but an older value remains.
 */
export function BrokerValue<T>(props: {
  known: (Freshness & { value: T | null }) | undefined;
  queryError: Error | null;
  what: string;
  children: (value: T) => ReactNode;
}) {
  const { known, queryError } = props;
  if (queryError) return <Empty kind="error">{queryError.message}</Empty>;
  if (!known) return <Empty kind="loading">Loading {props.what}…</Empty>;
  if (known.value === null) {
    if (known.error)
      return (
        <Empty kind="error">
          The broker could not be read: {known.error.message}. Showing nothing rather than a guess; the
          dashboard keeps trying.
        </Empty>
      );
    return <Empty kind="loading">Reading {props.what} from the broker…</Empty>;
  }
  return (
    <>
      {known.error ? (
        <p className="stale" role="status">
          Last refresh failed ({known.error.message}); these values are from {ago(known.ageMs)}.
        </p>
      ) : null}
      {props.children(known.value)}
    </>
  );
}
