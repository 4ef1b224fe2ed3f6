/** A value read from somewhere slow, as the API serves it: the last known value with its age, never a wait. */
export interface Known<T> {
  value: T | null;
  /** When the value was read (ISO 8601), null before the first successful read. */
  at: string | null;
  /** Milliseconds since `at`, null before the first successful read. */
  ageMs: number | null;
  /** Whether a read is under way right now. */
  refreshing: boolean;
  /** The last read's failure, null when the last read succeeded. */
  error: { message: string; at: string } | null;
}

/** A value refreshed in the background: `get` answers at once and starts a read when the value is stale. */
export interface LastKnown<T> {
  get(): Known<T>;
  /** Read now (joining a read already under way); resolves when it ends, never rejects. */
  refresh(): Promise<void>;
  /** Forget the age so that the next `get` reads again (after an action changed the source). */
  invalidate(): void;
}

/** Options of `createLastKnown`. */
export interface LastKnownOptions<T> {
  read: () => Promise<T>;
  /** A value older than this is read again on the next `get`. */
  maxAgeMs: number;
  now?: () => Date;
  /** Called after every read that ended (changed or failed), e.g. to tell the browsers. */
  onSettled?: (outcome: { ok: boolean; error?: unknown }) => void;
}

/** Create a background-refreshed value (stale-while-revalidate) so that slow broker calls never block a page. */
export function createLastKnown<T>(options: LastKnownOptions<T>): LastKnown<T> {
  const now = options.now ?? (() => new Date());
  let value: T | null = null;
  let at: Date | null = null;
  let error: Known<T>['error'] = null;
  let inFlight: Promise<void> | null = null;
  let settledAt: Date | null = null;
  let stale = true;
  let generation = 0;

  const refresh = (): Promise<void> => {
    const started = generation;
    inFlight ??= options
      .read()
      .then(
        (next) => {
          value = next;
          at = now();
          error = null;
          // A read that began before `invalidate` may predate the change: it does not make the value fresh.
          if (started === generation) stale = false;
          options.onSettled?.({ ok: true });
        },
        (cause: unknown) => {
          error = {
            message: cause instanceof Error ? cause.message : String(cause),
            at: now().toISOString(),
          };
          if (started === generation) stale = false;
          options.onSettled?.({ ok: false, error: cause });
        },
      )
      .finally(() => {
        settledAt = now();
        inFlight = null;
      });
    return inFlight;
  };

  return {
    get() {
      const ageMs = at ? now().getTime() - at.getTime() : null;
      // A failed read waits out maxAgeMs as a good one does: a broker that is down is not asked on every request.
      if (stale || settledAt === null || now().getTime() - settledAt.getTime() > options.maxAgeMs)
        void refresh();
      return { value, at: at?.toISOString() ?? null, ageMs, refreshing: inFlight !== null, error };
    },
    refresh,
    invalidate() {
      generation += 1;
      stale = true;
    },
  };
}
