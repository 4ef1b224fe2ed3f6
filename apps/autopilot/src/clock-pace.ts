/** One look at the broker clock: its time and the wall time the answer arrived. */
export interface ClockReading {
  brokerMs: number;
  wallMs: number;
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

/** Create the pace. A measured speed never drops below 1: a frozen or stepped clock is then re-read every `maxSleepMs`. */
export function createClockPace(options: ClockPaceOptions = {}): ClockPace {
  const probeMs = options.probeMs ?? 50;
  const minSleepMs = options.minSleepMs ?? 1;
  const maxSleepMs = options.maxSleepMs ?? 60_000;
  let speed = options.speed ?? null;
  let previous: ClockReading | null = null;
  let last: ClockReading | null = null;
  return {
    observe(reading) {
      previous = last;
      last = reading;
      if (options.speed !== undefined || !previous) return;
      const wallMs = reading.wallMs - previous.wallMs;
      if (wallMs < MIN_MEASURE_WALL_MS) return;
      speed = Math.max(1, (reading.brokerMs - previous.brokerMs + CLOCK_RESOLUTION_MS) / wallMs);
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
      const sleepMs = speed === null ? Math.min(probeMs, aheadMs) : aheadMs / speed;
      return Math.min(maxSleepMs, Math.max(minSleepMs, Math.ceil(sleepMs)));
    },
  };
}
