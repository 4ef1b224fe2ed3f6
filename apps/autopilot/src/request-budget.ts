import { createRateLimiter, type RateLimiter } from '@dalio-lite/broker';
import { abortableSleep } from './abortable-wait.ts';

/** The simulator's rate limit with a view of what is left, so the demo can wait for room instead of a 429. */
export interface RequestBudget {
  /** The limiter to serve the simulator with (Alpaca's: `limit` requests per rolling `windowMs`). */
  limiter: RateLimiter;
  /** Resolve once `requests` more fit in the rolling window (at once when they already do, early on abort). */
  room(requests: number, signal: AbortSignal): Promise<void>;
}

/** Create the budget (default 200 requests a minute, as Alpaca); `now` and `sleep` are injectable. */
export function createRequestBudget(
  options: {
    limit?: number;
    windowMs?: number;
    now?: () => number;
    sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  } = {},
): RequestBudget {
  const limit = options.limit ?? 200;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const inner = createRateLimiter({ limit, windowMs, now });
  let hits: number[] = [];
  const recent = () => {
    const sinceMs = now() - windowMs;
    hits = hits.filter((atMs) => atMs > sinceMs);
    return hits;
  };
  return {
    limiter: {
      hit(key) {
        const answer = inner.hit(key);
        if (answer.allowed) hits.push(now());
        return answer;
      },
    },
    async room(requests, signal) {
      for (;;) {
        const inWindow = recent();
        const excess = inWindow.length + requests - limit;
        const freedAtMs = inWindow[excess - 1];
        if (excess <= 0 || freedAtMs === undefined || signal.aborted) return;
        await sleep(freedAtMs + windowMs - now(), signal);
      }
    },
  };
}
