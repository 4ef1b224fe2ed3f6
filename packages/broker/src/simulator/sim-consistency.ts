/**
 * How long something Alpaca does asynchronously stays unfinished: until a span of simulated time has passed or
 * the account has made a number of further requests, whichever comes first. Counting requests too keeps the
 * behaviour meaningful under a frozen clock (`dalio sim --at`), where simulated time never passes.
 */
export interface SimWindow {
  /** Simulated milliseconds, drawn uniformly from `[min, max]`. */
  ms: readonly [number, number];
  /** Requests of the account, drawn uniformly from the whole numbers in `[min, max]`. */
  requests: readonly [number, number];
}

/** Alpaca's eventual consistency as the simulator models it; every draw comes from the seeded PRNG. */
export interface SimConsistency {
  /** Answer an order sent during market hours with `pending_new` (routed, not yet acknowledged) instead of `new`. */
  pendingNew: boolean;
  /** How long after a fill cash and positions still show the account as it was before it. */
  fillLag: SimWindow;
  /** How long a cancel request stays `pending_cancel`; the order keeps filling meanwhile. */
  cancelLag: SimWindow;
  /** While the market is closed a cancel stays `pending_cancel` until the next open (the venue is closed too). */
  cancelsWaitForOpen: boolean;
  /** How long shares held by a sell stay held after its cancel has landed. */
  holdAfterCancel: SimWindow;
  /** Chance that an order accepted during market hours is rejected when it reaches the market. */
  asyncRejectProbability: number;
}

/** Alpaca's observed behaviour in full, with short windows (a few requests or seconds). */
export const ALPACA_CONSISTENCY: SimConsistency = {
  pendingNew: true,
  fillLag: { ms: [0, 2_000], requests: [0, 2] },
  cancelLag: { ms: [500, 3_000], requests: [1, 2] },
  cancelsWaitForOpen: true,
  holdAfterCancel: { ms: [0, 1_000], requests: [0, 1] },
  asyncRejectProbability: 0,
};

const NO_WINDOW: SimWindow = { ms: [0, 0], requests: [0, 0] };

/** The default: Alpaca's observed behaviour in full (the engine waits out every window). */
export const DEFAULT_CONSISTENCY: SimConsistency = ALPACA_CONSISTENCY;

/** Everything at once: orders `new`, fills visible, cancels landed. For tests that are not about timing. */
export const IMMEDIATE_CONSISTENCY: SimConsistency = {
  ...ALPACA_CONSISTENCY,
  pendingNew: false,
  fillLag: NO_WINDOW,
  cancelLag: NO_WINDOW,
  cancelsWaitForOpen: false,
  holdAfterCancel: NO_WINDOW,
};

/** When a drawn window ends: at this simulated instant, or once the account's request count reaches this. */
export interface SimDue {
  atMs: number;
  atRequest: number;
}

function drawBetween(random: () => number, [min, max]: readonly [number, number], whole: boolean): number {
  const low = Math.max(0, Math.min(min, max));
  const high = Math.max(low, max);
  if (whole) return Math.ceil(low) + Math.floor(random() * (Math.floor(high) - Math.ceil(low) + 1));
  return low + random() * (high - low);
}

/** Draw when a window that opens now ends. */
export function drawDue(window: SimWindow, nowMs: number, requests: number, random: () => number): SimDue {
  return {
    atMs: nowMs + drawBetween(random, window.ms, false),
    atRequest: requests + drawBetween(random, window.requests, true),
  };
}

/** True once the window has ended. */
export function isDue(due: SimDue, nowMs: number, requests: number): boolean {
  return nowMs >= due.atMs || requests >= due.atRequest;
}

/** The consistency settings: `DEFAULT_CONSISTENCY` with `overrides` applied, each window checked. */
export function resolveConsistency(overrides: Partial<SimConsistency> = {}): SimConsistency {
  const resolved = { ...DEFAULT_CONSISTENCY, ...overrides };
  for (const [name, window] of [
    ['fillLag', resolved.fillLag],
    ['cancelLag', resolved.cancelLag],
    ['holdAfterCancel', resolved.holdAfterCancel],
  ] as const) {
    const values = [...window.ms, ...window.requests];
    if (values.some((value) => !(value >= 0) || !Number.isFinite(value)) || window.ms[0] > window.ms[1]) {
      throw new RangeError(`consistency.${name}: bounds must be finite, ≥ 0 and [min, max]`);
    }
    if (window.requests[0] > window.requests[1]) {
      throw new RangeError(`consistency.${name}: bounds must be finite, ≥ 0 and [min, max]`);
    }
  }
  const p = resolved.asyncRejectProbability;
  if (!(p >= 0 && p <= 1)) throw new RangeError('consistency.asyncRejectProbability must be between 0 and 1');
  return resolved;
}
