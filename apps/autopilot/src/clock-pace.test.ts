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
    // A day ahead at ~20 000× is about 4.3 s, but a speed measured over 50 ms sizes a sleep of 400 ms at most; each
    // look measures it again over the longer span, up to the sleep that lands one clock tick past the target.
    expect(pace.sleepMsUntil(T0 + 24 * HOUR_MS, 50)).toBe(400);
    pace.observe({ brokerMs: T0 + 450 * 20_000, wallMs: 450 });
    expect(pace.sleepMsUntil(T0 + 24 * HOUR_MS, 450)).toBe(3_200);
    pace.observe({ brokerMs: T0 + 3_650 * 20_000, wallMs: 3_650 });
    expect(pace.sleepMsUntil(T0 + 24 * HOUR_MS, 3_650)).toBe(671);
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
  });

  it('looks again soon after a clock that stood still, backing off to once a minute while it stays still', () => {
    const frozen = createClockPace();
    const sleeps: number[] = [];
    let wallMs = 0;
    frozen.observe({ brokerMs: T0, wallMs });
    for (let look = 0; look < 12; look++) {
      const sleepMs = frozen.sleepMsUntil(T0 + HOUR_MS, wallMs);
      sleeps.push(sleepMs);
      wallMs += sleepMs;
      frozen.observe({ brokerMs: T0, wallMs });
    }
    expect(frozen.speed()).toBeNull();
    expect(sleeps).toEqual([50, 100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 51_200, 60_000]);
    // A measured time-lapse paused for a while (held during a retry) keeps its speed, and is measured again as soon
    // as it moves: never a minute's sleep at 1 800×, which would be 30 broker hours.
    const paused = createClockPace();
    paused.observe({ brokerMs: T0, wallMs: 0 });
    paused.observe({ brokerMs: T0 + 1_800_000, wallMs: 1_000 });
    paused.observe({ brokerMs: T0 + 1_800_000, wallMs: 31_000 });
    expect(paused.speed()).toBe(1_801);
    expect(paused.sleepMsUntil(T0 + 24 * HOUR_MS, 31_000)).toBe(100);
  });

  it('does not pair a slow look (the adapter retried inside it) with the one before', () => {
    const pace = createClockPace();
    pace.observe({ brokerMs: T0, wallMs: 0, askedWallMs: 0 });
    pace.observe({ brokerMs: T0 + 1_800_000, wallMs: 1_000, askedWallMs: 1_000 });
    expect(pace.speed()).toBe(1_801);
    // The clock ran for 100 ms, then was held while the adapter waited 1.2 s to retry: as a pair, a crawl of 139×.
    pace.observe({ brokerMs: T0 + 1_980_000, wallMs: 2_300, askedWallMs: 1_000 });
    expect(pace.speed()).toBe(1_801);
    pace.observe({ brokerMs: T0 + 2_070_000, wallMs: 2_350, askedWallMs: 2_300 });
    expect(pace.speed()).toBe(1_820);
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
