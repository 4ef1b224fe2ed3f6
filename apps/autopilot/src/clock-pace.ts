/** One look at the broker clock: its time and the wall time the answer arrived. */
export interface ClockReading {
  brokerMs: number;
  wallMs: number;
  /** When the look was asked for (wall time): a look the adapter retried inside dates its reading loosely. */
  askedWallMs?: number;
}

/** Turns a wait on the broker clock into a wall-clock sleep, for Alpaca (speed 1) and any time-lapse. */
export interface ClockPace {
  /** Take a reading; with the previous one (if only a sleep lay between) it refines the speed. */
  observe(reading: ClockReading): void;
  /** Drop the previous reading: a cycle ran or a look failed, so the next pair would not measure the speed. */
  forget(): void;
  /** Broker milliseconds per wall millisecond, null until two readings measured it (or it was given). */
  speed(): number | null;
  /** Wall milliseconds to sleep, from `wallNowMs`, until the broker clock has passed `brokerMs`. */
  sleepMsUntil(brokerMs: number, wallNowMs: number): number;
}

/** Options of the pace; the defaults suit both a real broker and a time-lapse simulator. */
export interface ClockPaceOptions {
  /** The speed when the caller knows it exactly (the demo drives its own clock); otherwise it is measured. */
  speed?: number;
  /** The first sleep, while the speed is unknown (default 50 ms: 17 broker minutes at 20 000×). */
  probeMs?: number;
  /** Shortest sleep, so a wake a hair early does not spin (default 1 ms: 20 broker seconds at 20 000×). */
  minSleepMs?: number;
  /** Longest sleep, so a changed speed or a jumped clock is noticed (default 60 s). */
  maxSleepMs?: number;
}

/**
 * The coarsest broker clock we read: the simulator's wire format has whole seconds. Readings are taken to be up to
 * this far behind, which errs towards a faster speed and an early wake (one more look), never a late one.
 */
const CLOCK_RESOLUTION_MS = 1_000;
/** Two readings closer than this in wall time say too little about the speed. */
const MIN_MEASURE_WALL_MS = 50;
/**
 * A look that took longer than this (the adapter waited to retry inside it) is not paired with the one before:
 * its reading may come from any moment of the wait, and a clock paused meanwhile (a time-lapse simulator held
 * for the retry) would read as a crawl.
 */
const SLOW_LOOK_MS = 1_000;
/**
 * A speed is trusted for sleeps of at most this many times the wall span it was measured over: a speed from 50 ms
 * of looking (a clock paused for part of it reads slow) sizes a sleep of 400 ms, not a minute, and the next look
 * measures it again over that longer span. In steady state the span is the last sleep, so nothing changes.
 */
const TRUST_SPAN_FACTOR = 8;

/**
 * Create the pace. A measured speed never drops below 1. Two looks with no broker time between them say nothing
 * about the speed (a paused or stepped clock): the speed stays what it was, and the sleeps before the next looks
 * double from `probeMs` up to `maxSleepMs`, so a paused clock is soon looked at once a minute and a resumed one
 * is measured again within moments (not slept through for `maxSleepMs` at its full speed).
 */
export function createClockPace(options: ClockPaceOptions = {}): ClockPace {
  const probeMs = options.probeMs ?? 50;
  const minSleepMs = options.minSleepMs ?? 1;
  const maxSleepMs = options.maxSleepMs ?? 60_000;
  let speed = options.speed ?? null;
  let previous: ClockReading | null = null;
  let last: ClockReading | null = null;
  /** Pairs of looks in a row that saw the broker clock stand still. */
  let stalls = 0;
  /** The wall span the speed was measured over (infinite when it was given). */
  let measuredOverMs = Number.POSITIVE_INFINITY;
  return {
    observe(reading) {
      const slow = reading.askedWallMs !== undefined && reading.wallMs - reading.askedWallMs > SLOW_LOOK_MS;
      previous = slow ? null : last;
      last = reading;
      if (options.speed !== undefined || !previous) return;
      const wallMs = reading.wallMs - previous.wallMs;
      if (wallMs < MIN_MEASURE_WALL_MS) return;
      const brokerMs = reading.brokerMs - previous.brokerMs;
      if (brokerMs <= 0) {
        stalls += 1;
        return;
      }
      stalls = 0;
      speed = Math.max(1, (brokerMs + CLOCK_RESOLUTION_MS) / wallMs);
      measuredOverMs = wallMs;
    },
    forget() {
      last = null;
      previous = null;
    },
    speed: () => speed,
    sleepMsUntil(brokerMs, wallNowMs) {
      if (!last) return minSleepMs;
      const brokerNowMs = last.brokerMs + Math.max(0, wallNowMs - last.wallMs) * (speed ?? 1);
      const aheadMs = brokerMs + CLOCK_RESOLUTION_MS - brokerNowMs;
      const backoffMs = Math.min(maxSleepMs, probeMs * 2 ** stalls);
      const sleepMs = speed === null ? Math.min(backoffMs, aheadMs) : aheadMs / speed;
      const capMs = stalls > 0 ? backoffMs : Math.min(maxSleepMs, measuredOverMs * TRUST_SPAN_FACTOR);
      return Math.min(capMs, Math.max(minSleepMs, Math.ceil(sleepMs)));
    },
  };
}
