import type { DemoClock } from './demo-clock.ts';

/** When the soak's broker clock may run. */
export interface SoakClockControl {
  /** A daemon is up (started and booted) or not: no broker time passes while none is. */
  setUp(up: boolean): void;
  /** The daemon waits `ms` of wall time for a retry: broker time stands still meanwhile. */
  holdFor(ms: number): void;
  /** Stop for good. */
  stop(): void;
}

/**
 * Accelerated time without its artefacts. The daemon's waits are wall-clock waits (a retry after 30 s, a read
 * retried after 1 s, a look at the clock again after 2 s): at 1800× they would be hours of broker time and push a
 * cycle past the close, which a real machine never sees. So broker time runs only while a daemon is up and not
 * waiting to retry; a restart's boot takes no broker time either.
 */
export function createSoakClockControl(time: DemoClock, wallNow: () => number = Date.now): SoakClockControl {
  let up = false;
  let holdUntilMs = 0;
  let stopped = false;
  let release: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  const update = () => {
    const run = up && !stopped && wallNow() >= holdUntilMs;
    if (run && !release) {
      void time.runningDuring(
        () =>
          new Promise<void>((resolve) => {
            release = resolve;
          }),
      );
    } else if (!run && release) {
      release();
      release = null;
    }
    if (timer) clearTimeout(timer);
    timer = !stopped && wallNow() < holdUntilMs ? setTimeout(update, holdUntilMs - wallNow()) : null;
  };
  return {
    setUp(value) {
      up = value;
      update();
    },
    holdFor(ms) {
      holdUntilMs = Math.max(holdUntilMs, wallNow() + ms);
      update();
    },
    stop() {
      stopped = true;
      update();
    },
  };
}
