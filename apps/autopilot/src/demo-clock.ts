import { createSimClock, type SimClock } from '@dalio-lite/broker';

/**
 * The demo's broker clock: time-lapse at a known speed that runs only while the autopilot sleeps. Its looks at the
 * clock and its cycles take no broker time, so a slow start, a long cycle or a stalled event loop never skips a day.
 */
export interface DemoClock {
  clock: SimClock;
  /** Broker milliseconds per wall millisecond while the clock runs. */
  speed: number;
  /** Let the clock run while `work` runs (the autopilot's sleep), and stand still again after it. */
  runningDuring<T>(work: () => Promise<T>): Promise<T>;
}

/** Create the clock, standing at `start`; `wallNow` is injectable. */
export function createDemoClock(options: {
  start: string;
  speed: number;
  wallNow?: () => number;
}): DemoClock {
  const wallNow = options.wallNow ?? Date.now;
  let pausedMs = 0;
  let stoppedAtMs: number | null = wallNow();
  let running = 0;
  // The time-lapse clock reads a wall clock that leaves out every stretch the demo clock stood still.
  const runningWallNow = () => stoppedAtMs ?? wallNow() - pausedMs;
  return {
    clock: createSimClock({
      mode: { kind: 'time-lapse', start: options.start, speed: options.speed },
      wallNow: runningWallNow,
    }),
    speed: options.speed,
    async runningDuring(work) {
      if (running === 0 && stoppedAtMs !== null) {
        pausedMs = wallNow() - stoppedAtMs;
        stoppedAtMs = null;
      }
      running += 1;
      try {
        return await work();
      } finally {
        running -= 1;
        if (running === 0) stoppedAtMs = runningWallNow();
      }
    },
  };
}
