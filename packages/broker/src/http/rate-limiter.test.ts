import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.ts';

describe('rate limiter', () => {
  it('allows 200 requests per rolling minute per key, then refuses until the window moves on', () => {
    let now = 0;
    const limiter = createRateLimiter({ now: () => now });
    for (let i = 0; i < 200; i += 1) expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('a')).toEqual({ allowed: false, limit: 200, remaining: 0, resetAtMs: 60_000 });
    expect(limiter.hit('b').allowed).toBe(true);
    now = 60_001;
    expect(limiter.hit('a')).toMatchObject({ allowed: true, remaining: 199 });
  });
});
