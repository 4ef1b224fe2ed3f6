/** How the simulator's clock runs: wall time, frozen at an instant, or time-lapse from an instant at `speed`× wall time. */
export type SimClockMode =
  | { kind: 'real-time' }
  | { kind: 'fixed'; at: Date | string }
  | { kind: 'time-lapse'; start: Date | string; speed: number };

/** The simulator's own notion of now; tests set and advance it instead of sleeping. */
export interface SimClock {
  now(): Date;
  /** Jump to an instant (keeps running afterwards in real-time and time-lapse modes). */
  set(instant: Date | string): void;
  /** Move forward by simulated milliseconds. */
  advance(ms: number): void;
}

/** Options of `createSimClock`; `wallNow` is injectable so time-lapse is testable without waiting. */
export interface SimClockOptions {
  mode: SimClockMode;
  wallNow?: () => number;
}

function toMs(instant: Date | string): number {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`"${String(instant)}" is not a valid instant`);
  return ms;
}

/** Create the simulator clock: simulated time = anchor + (wall − wallAnchor) × speed. */
export function createSimClock(options: SimClockOptions): SimClock {
  const wallNow = options.wallNow ?? Date.now;
  const mode = options.mode;
  const speed = mode.kind === 'fixed' ? 0 : mode.kind === 'time-lapse' ? mode.speed : 1;
  if (!(speed >= 0) || !Number.isFinite(speed))
    throw new RangeError(`clock speed ${speed} must be a finite number ≥ 0`);
  let anchorMs =
    mode.kind === 'fixed' ? toMs(mode.at) : mode.kind === 'time-lapse' ? toMs(mode.start) : wallNow();
  let wallAnchorMs = wallNow();
  const nowMs = () => anchorMs + (wallNow() - wallAnchorMs) * speed;
  return {
    now: () => new Date(Math.floor(nowMs())),
    set(instant) {
      anchorMs = toMs(instant);
      wallAnchorMs = wallNow();
    },
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`cannot move the clock back (${ms} ms)`);
      anchorMs += ms;
    },
  };
}
