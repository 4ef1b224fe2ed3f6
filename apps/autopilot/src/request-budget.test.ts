import { describe, expect, it } from 'vitest';
import { createRequestBudget } from './request-budget.ts';

function createBudget() {
  let nowMs = 0;
  const sleeps: number[] = [];
  const budget = createRequestBudget({
    limit: 10,
    windowMs: 60_000,
    now: () => nowMs,
    sleep: async (ms) => {
      sleeps.push(ms);
      nowMs += ms;
    },
  });
  return { budget, sleeps, advance: (ms: number) => (nowMs += ms) };
}

describe('createRequestBudget', () => {
  it('makes room at once while the window has it', async () => {
    const { budget, sleeps } = createBudget();
    for (let i = 0; i < 6; i += 1) budget.limiter.hit('demo');
    await budget.room(4, new AbortController().signal);
    expect(sleeps).toEqual([]);
  });

  it('waits until enough of the oldest requests leave the rolling window', async () => {
    const { budget, sleeps, advance } = createBudget();
    for (let i = 0; i < 8; i += 1) {
      budget.limiter.hit('demo');
      advance(1_000);
    }
    // 8 in the window, room for 5 wanted: the third-oldest (at 2 s) must leave, at 62 s; it is now 8 s.
    await budget.room(5, new AbortController().signal);
    expect(sleeps).toEqual([54_000]);
    expect(budget.limiter.hit('demo').remaining).toBe(4);
  });

  it('counts only the requests the limiter allowed, and stops waiting on abort', async () => {
    const { budget, sleeps } = createBudget();
    const answers = Array.from({ length: 12 }, () => budget.limiter.hit('demo').allowed);
    expect(answers.filter(Boolean)).toHaveLength(10);
    const stop = new AbortController();
    stop.abort();
    await budget.room(1, stop.signal);
    expect(sleeps).toEqual([]);
  });
});
