import { describe, expect, it } from 'vitest';
import { createSimClock } from './sim-clock.ts';

describe('simulator clock', () => {
  it('stays put when fixed and moves only when told', () => {
    let wall = 0;
    const clock = createSimClock({
      mode: { kind: 'fixed', at: '2024-03-15T15:00:00-04:00' },
      wallNow: () => wall,
    });
    wall = 10_000;
    expect(clock.now().toISOString()).toBe('2024-03-15T19:00:00.000Z');
    clock.advance(60_000);
    expect(clock.now().toISOString()).toBe('2024-03-15T19:01:00.000Z');
    clock.set('2024-03-18T09:30:00-04:00');
    expect(clock.now().toISOString()).toBe('2024-03-18T13:30:00.000Z');
    expect(() => clock.advance(-1)).toThrow(/cannot move the clock back/);
  });

  it('runs speed times faster than the wall in time-lapse, and at wall speed in real time', () => {
    let wall = 1_000;
    const lapse = createSimClock({
      mode: { kind: 'time-lapse', start: '2024-01-08T14:00:00Z', speed: 3600 },
      wallNow: () => wall,
    });
    const real = createSimClock({ mode: { kind: 'real-time' }, wallNow: () => wall });
    wall = 3_000;
    expect(lapse.now().toISOString()).toBe('2024-01-08T16:00:00.000Z');
    expect(real.now().getTime()).toBe(3_000);
    expect(() => createSimClock({ mode: { kind: 'time-lapse', start: '2024-01-08', speed: -1 } })).toThrow(
      /speed/,
    );
    expect(() => createSimClock({ mode: { kind: 'fixed', at: 'never' } })).toThrow(/not a valid instant/);
  });
});
