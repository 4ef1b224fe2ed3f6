import { BrokerRequestError, BrokerResponseError, BrokerUnavailableError } from '../errors.ts';
import { classifyFailure } from './classify-failure.ts';

/** How safe reads retry: attempts, exponential backoff with jitter, and a cap on any one wait. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Once aborted (shutdown), no further attempt: the read fails with the last failure instead of waiting to retry. */
  signal?: AbortSignal;
  onRetry?: (event: { operation: string; attempt: number; delayMs: number; reason: string }) => void;
}

/**
 * Run a safe read, retrying "unavailable" failures with backoff and honouring `Retry-After`.
 * 404 gives `notFound` (when the caller expects it); other failures throw the matching broker error.
 */
export async function readWithRetry<T, N = never>(
  operation: string,
  policy: RetryPolicy,
  run: () => Promise<T>,
  notFound?: () => N,
): Promise<T | N> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (error instanceof BrokerResponseError) throw error;
      const failure = classifyFailure(error);
      if (failure.kind === 'not-found' && notFound) return notFound();
      if (failure.kind === 'not-found' || failure.kind === 'refused') {
        const status = failure.kind === 'refused' ? failure.status : 404;
        const code = failure.kind === 'refused' ? failure.code : null;
        throw new BrokerRequestError(`${operation}: ${failure.message}`, { status, code, cause: error });
      }
      if (failure.kind === 'malformed') {
        throw new BrokerResponseError(`${operation}: unreadable answer (${failure.message})`, {
          cause: error,
        });
      }
      if (attempt >= policy.maxAttempts || policy.signal?.aborted) {
        throw new BrokerUnavailableError(
          `${operation}: broker unavailable after ${attempt} attempts (${failure.message})`,
          {
            status: failure.status,
            cause: error,
          },
        );
      }
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const jittered = backoff * (0.8 + 0.4 * policy.random());
      // The broker's own wait wins over our backoff, up to a minute.
      const delayMs =
        failure.retryAfterMs === null ? jittered : Math.min(60_000, Math.max(jittered, failure.retryAfterMs));
      policy.onRetry?.({ operation, attempt, delayMs, reason: failure.message });
      await policy.sleep(delayMs);
      if (policy.signal?.aborted) {
        throw new BrokerUnavailableError(
          `${operation}: stopped while waiting to retry (${failure.message})`,
          {
            status: failure.status,
            cause: error,
          },
        );
      }
    }
  }
}

/** Wait `ms`, or less when `signal` aborts first; the timer never outlives the abort, so a stopping process exits. */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
