/** Whether a client may try to sign in now. */
export type LoginGate = { locked: false } | { locked: true; retryAfterS: number };

/** Counts failed sign-ins per client and locks a client out after too many (brute force takes years). */
export interface LoginLimiter {
  check(client: string): LoginGate;
  /** Record a failed attempt; returns the gate after it (locked when this failure was one too many). */
  fail(client: string): LoginGate;
  succeed(client: string): void;
}

/** Options of `createLoginLimiter`. */
export interface LoginLimiterOptions {
  now?: () => number;
  /** Failures allowed within `windowMs` before the lockout (default 5). */
  maxFailures?: number;
  windowMs?: number;
  /** How long a locked-out client is refused without its attempt even being checked (default 15 min). */
  lockoutMs?: number;
}

/** Create the sign-in rate limiter. */
export function createLoginLimiter(options: LoginLimiterOptions = {}): LoginLimiter {
  const now = options.now ?? Date.now;
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const lockoutMs = options.lockoutMs ?? 15 * 60_000;
  const clients = new Map<string, { failures: number[]; lockedUntilMs: number }>();

  const check = (client: string): LoginGate => {
    const entry = clients.get(client);
    const at = now();
    if (entry && entry.lockedUntilMs > at)
      return { locked: true, retryAfterS: Math.ceil((entry.lockedUntilMs - at) / 1000) };
    return { locked: false };
  };

  return {
    check,
    fail(client) {
      const at = now();
      const entry = clients.get(client) ?? { failures: [], lockedUntilMs: 0 };
      entry.failures = [...entry.failures.filter((t) => at - t < windowMs), at];
      if (entry.failures.length >= maxFailures) {
        entry.lockedUntilMs = at + lockoutMs;
        entry.failures = [];
      }
      clients.set(client, entry);
      // Forget clients that have been quiet a whole window, so the map cannot grow without bound.
      for (const [key, other] of clients)
        if (other.lockedUntilMs <= at && other.failures.every((t) => at - t >= windowMs)) clients.delete(key);
      return check(client);
    },
    succeed(client) {
      clients.delete(client);
    },
  };
}
