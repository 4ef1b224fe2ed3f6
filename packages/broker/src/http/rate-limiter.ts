/** Alpaca's per-key request budget: `limit` requests per rolling `windowMs`, reported in `X-RateLimit-*` headers. */
export interface RateLimiter {
  /** Count one request; `allowed` false means answer 429. */
  hit(key: string): { allowed: boolean; limit: number; remaining: number; resetAtMs: number };
}

/** Create a sliding-window limiter (Alpaca: 200 per minute per account); `now` is injectable. */
export function createRateLimiter(
  options: { limit?: number; windowMs?: number; now?: () => number } = {},
): RateLimiter {
  const limit = options.limit ?? 200;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const hits = new Map<string, number[]>();
  return {
    hit(key) {
      const at = now();
      const recent = (hits.get(key) ?? []).filter((t) => t > at - windowMs);
      const allowed = recent.length < limit;
      if (allowed) recent.push(at);
      hits.set(key, recent);
      return {
        allowed,
        limit,
        remaining: Math.max(0, limit - recent.length),
        resetAtMs: (recent[0] ?? at) + windowMs,
      };
    },
  };
}
