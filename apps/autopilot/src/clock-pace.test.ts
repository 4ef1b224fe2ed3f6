import { describe, expect, it } from 'vitest';
import { createClockPace } from './clock-pace.ts';

const HOUR_MS = 3_600_000;
const T0 = Date.parse('2025-03-03T14:00:00Z');

describe('createClockPace', () => {
  it('probes for 50 ms while the speed is unknown, less when the target is nearer', () => {
    const pace = createClockPace();
    pace.observe({ brokerMs: T0, wallMs: 0 });
    expect(pace.speed()).toBeNull();
    expect(pace.sleepMsUntil(T0 + HOUR_MS, 0)).toBe(50);
    expect(pace.sleepMsUntil(T0 - 980, 0)).toBe(20);
  });

  it('measures a time-lapse speed from two looks and sleeps until just past the target', () => {
    const pace = createClockPace();
    pace.observe({ brokerMs: T0, wallMs: 0 });
    pace.observe({ brokerMs: T0 + 50 * 20_000, wallMs: 50 });
    expect(pace.speed()).toBe(20_020);
    // A day ahead at ~20 000×: about 4.3 s, aiming one clock tick past the target so it never wakes before it.
    expect(pace.sleepMsUntil(T0 + 24 * HOUR_MS, 50)).toBe(4_266);
  });

  it('uses a given speed as it is, counting the wall time since the last look', () => {
    const pace = createClockPace({ speed: 20_000 });
    pace.observe({ brokerMs: T0, wallMs: 1_000 });
    expect(pace.sleepMsUntil(T0 + HOUR_MS, 1_000)).toBe(181);
    expect(pace.sleepMsUntil(T0 + HOUR_MS, 1_100)).toBe(81);
  });

  it('caps every sleep at a minute, so real time (or a stopped clock) is looked at once a minute', () => {
    const pace = createClockPace();
    pace.observe({ brokerMs: T0, wallMs: 0 });
    pace.observe({ brokerMs: T0 + 60_000, wallMs: 60_000 });
    expect(pace.speed()).toBeCloseTo(1.017, 3);
    expect(pace.sleepMsUntil(T0 + 17 * HOUR_MS, 60_000)).toBe(60_000);
    const frozen = createClockPace();
    frozen.observe({ brokerMs: T0, wallMs: 0 });
    frozen.observe({ brokerMs: T0, wallMs: 60_000 });
    expect(frozen.speed()).toBe(1);
    expect(frozen.sleepMsUntil(T0 + HOUR_MS, 60_000)).toBe(60_000);
  });

  it('never sleeps less than a millisecond, even when the target has passed', () => {
    const pace = createClockPace({ speed: 20_000 });
    pace.observe({ brokerMs: T0, wallMs: 0 });
    expect(pace.sleepMsUntil(T0 - HOUR_MS, 0)).toBe(1);
  });

  it('does not measure across a forgotten stretch (a cycle ran, or a look failed)', () => {
    const pace = createClockPace();
    pace.observe({ brokerMs: T0, wallMs: 0 });
    pace.observe({ brokerMs: T0 + 1_000_000, wallMs: 50 });
    pace.forget();
    // The demo's clock stood still during the cycle: 2 s of wall time, no broker time.
    pace.observe({ brokerMs: T0 + 1_000_000, wallMs: 2_050 });
    expect(pace.speed()).toBe(20_020);
  });
});
