import { describe, expect, it } from 'vitest';
import { createFaultPlan } from './fault-plan.ts';
import { createSeededRandom } from './prng.ts';

describe('fault plan', () => {
  it('fires a queued fault once, on the first matching request only', () => {
    const plan = createFaultPlan(() => 0);
    plan.next('POST /v2/orders', 'answer-lost');
    expect(plan.take('GET', '/v2/orders')).toBeNull();
    expect(plan.take('POST', '/v2/orders')).toBe('answer-lost');
    expect(plan.take('POST', '/v2/orders')).toBeNull();
  });

  it('matches wildcards and repeats', () => {
    const plan = createFaultPlan(() => 0);
    plan.next('GET *', '5xx', 2);
    plan.next('* /v2/positions', 'reset');
    expect(plan.take('DELETE', '/v2/positions')).toBe('reset');
    expect(plan.take('GET', '/v2/clock')).toBe('5xx');
    expect(plan.take('GET', '/v2/account')).toBe('5xx');
    expect(plan.take('GET', '/v2/account')).toBeNull();
  });

  it('applies probabilistic rules from the seeded random source, replayably', () => {
    const draw = (seed: number) => {
      const random = createSeededRandom(seed);
      const plan = createFaultPlan(() => random.next());
      plan.always('*', '429', 0.3);
      return Array.from({ length: 200 }, () => plan.take('GET', '/v2/clock'));
    };
    const faults = draw(42).filter(Boolean).length;
    expect(faults).toBeGreaterThan(30);
    expect(faults).toBeLessThan(90);
    expect(draw(42)).toEqual(draw(42));
    const plan = createFaultPlan(() => 0);
    plan.always('*', '5xx');
    plan.clear();
    expect(plan.take('GET', '/')).toBeNull();
  });
});
