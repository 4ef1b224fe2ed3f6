import type { SimOrder } from '@dalio-lite/broker';
import { isTerminalOrderStatus, marketSession, newYorkDate, newYorkInstant } from '@dalio-lite/core';
import { decodeEnvelope, parseHistory, STATE_SCHEMA, type StatePayload } from '@dalio-lite/state';
import type { RequestRecord } from './sim-network.ts';

/** The invariants of faults.md §5.3, checked after every step (plus liveness, checked at the end). */
export type InvariantId = 'I1' | 'I2' | 'I3' | 'I4' | 'I5' | 'I6' | 'I7' | 'I8' | 'liveness';

/** An invariant that does not hold, and why. */
export interface Violation {
  invariant: InvariantId;
  message: string;
}

/** A stretch of broker time, open while `toMs` is null. */
export interface Window {
  fromMs: number;
  toMs: number | null;
}

/** What the scenario did that changes what may be true: halts, blocks, damage, restores, flagged orders. */
export interface WorldMarks {
  crashes: number;
  halts: Window[];
  blocks: Window[];
  /** Since when the state file is damaged and neither restored nor reset (null: it is not). */
  damagedSinceMs: number | null;
  /** Broker times of restores from backup and resets: orders placed before one may be unknown to the state. */
  forgetfulAtMs: number[];
  /** Client order ids a cycle reported as "no local record knows". */
  flagged: Set<string>;
  /** The highest `seq` seen in the state file since the last restore or reset. */
  highestSeq: number;
}

/** The files of the state directory as reads see them right now. */
export interface StateFiles {
  state: Uint8Array | null;
  marker: Uint8Array | null;
  history: Uint8Array | null;
}

/** Everything the checks look at: the simulator's ledger, the request history, the state files, the marks. */
export interface InvariantInput {
  /** Every order of the ledger with our client order id prefix. */
  orders: readonly SimOrder[];
  requests: readonly RequestRecord[];
  files: StateFiles;
  marks: WorldMarks;
  closeBufferMinutes: number;
  /** Requests allowed per rolling minute (Alpaca: 200). */
  requestLimit: number;
}

/** The verified state payload and seq, null when there is no state file, or why it does not verify. */
export function readState(
  bytes: Uint8Array | null,
):
  | { ok: true; seq: number; payload: StatePayload }
  | { ok: true; seq: 0; payload: null }
  | { ok: false; why: string } {
  if (bytes === null) return { ok: true, seq: 0, payload: null };
  const decoded = decodeEnvelope(bytes);
  if (!decoded.ok) return { ok: false, why: `${decoded.kind}: ${decoded.message}` };
  const parsed = STATE_SCHEMA.schema.safeParse(decoded.envelope.payload);
  if (!parsed.success) return { ok: false, why: `schema: ${parsed.error.message}` };
  return { ok: true, seq: decoded.envelope.seq, payload: parsed.data };
}

/** The seq marker's highest seq (0 when absent or unreadable). */
export function markerSeq(bytes: Uint8Array | null): number {
  if (bytes === null) return 0;
  const decoded = decodeEnvelope(bytes);
  if (!decoded.ok) return 0;
  const highest = (decoded.envelope.payload as { highestSeq?: unknown }).highestSeq;
  return typeof highest === 'number' ? highest : 0;
}

const bounds = new Map<string, { session: boolean; openMs: number; closeMs: number }>();

/** The session of a New York date as instants (remembered: every check asks for the same few dates). */
function sessionBounds(date: string): { session: boolean; openMs: number; closeMs: number } {
  let known = bounds.get(date);
  if (!known) {
    const session = marketSession(date);
    known = {
      session: session !== null,
      openMs: session ? newYorkInstant(date, session.openEt).getTime() : Number.NaN,
      closeMs: session ? newYorkInstant(date, session.closeEt).getTime() : Number.NaN,
    };
    bounds.set(date, known);
  }
  return known;
}

const compactDay = (ms: number) => newYorkDate(new Date(ms)).replaceAll('-', '');
const createdMs = (order: SimOrder) => Date.parse(order.createdAt);

/** I1: no duplicate orders — one per (day, attempt, symbol, side), one open per symbol, no blind resend. */
export function checkNoDuplicates(input: InvariantInput): Violation | null {
  const seen = new Map<string, string>();
  for (const order of input.orders) {
    const attempt = /-a(\d+)-/.exec(order.clientOrderId)?.[1] ?? '?';
    const key = `${compactDay(createdMs(order))} a${attempt} ${order.side} ${order.symbol}`;
    const first = seen.get(key);
    if (first !== undefined) {
      return {
        invariant: 'I1',
        message: `two orders for ${key}: ${first} and ${order.clientOrderId}`,
      };
    }
    seen.set(key, order.clientOrderId);
  }
  const open = input.orders.filter((order) => !isTerminalOrderStatus(order.status));
  for (const order of open) {
    const twin = open.find((other) => other !== order && other.symbol === order.symbol);
    if (twin) {
      return {
        invariant: 'I1',
        message: `two open orders in ${order.symbol}: ${order.clientOrderId} and ${twin.clientOrderId}`,
      };
    }
  }
  return checkNoBlindResend(input);
}

/** I1 (its Jepsen half): an order is sent again only after a lookup by its client order id missed it. */
function checkNoBlindResend(input: InvariantInput): Violation | null {
  const mayResend = new Map<string, boolean>();
  let forgetful = 0;
  const restores = [...input.marks.forgetfulAtMs].sort((a, b) => a - b);
  for (const request of input.requests) {
    while (forgetful < restores.length && (restores[forgetful] ?? 0) <= request.atMs) {
      // A restore may put back a record that does not know an order was sent: resending it is then the fence.
      mayResend.clear();
      forgetful += 1;
    }
    const id = request.clientOrderId;
    if (id === null) continue;
    if (request.route === 'POST /v2/orders') {
      if (mayResend.get(id) === false) {
        return {
          invariant: 'I1',
          message: `${id} was sent again at ${new Date(request.atMs).toISOString()} without a lookup by its client order id first`,
        };
      }
      mayResend.set(id, false);
    } else if (request.outcome === 'miss' && mayResend.has(id)) mayResend.set(id, true);
  }
  return null;
}

/** I2: at most one rebalance per broker trading day — its orders carry that day and one attempt. */
export function checkOnePerDay(input: InvariantInput): Violation | null {
  const attempts = new Map<string, string>();
  for (const order of input.orders) {
    const day = compactDay(createdMs(order));
    const idDay = /^[^-]+-(\d{8})/.exec(order.clientOrderId)?.[1];
    if (idDay !== day) {
      return {
        invariant: 'I2',
        message: `${order.clientOrderId} was placed on broker day ${day}: its trading day is not the broker's`,
      };
    }
    const attempt = /-a(\d+)-/.exec(order.clientOrderId)?.[1] ?? '?';
    const earlier = attempts.get(day);
    if (earlier !== undefined && earlier !== attempt) {
      return {
        invariant: 'I2',
        message: `broker day ${day} has orders of attempts ${earlier} and ${attempt}`,
      };
    }
    attempts.set(day, attempt);
  }
  return null;
}

/** I3: every order of ours at the broker is known to the state or its history (or, after a restore, flagged). */
export function checkNothingLost(input: InvariantInput, payload: StatePayload | null): Violation | null {
  // A quarantined state knows nothing until it is restored; the check resumes then.
  if (input.marks.damagedSinceMs !== null) return null;
  const known = new Set<string>();
  for (const record of Object.values(payload?.days ?? {})) {
    for (const order of record.plannedOrders) known.add(order.clientOrderId);
  }
  const history = parseHistory(Buffer.from(input.files.history ?? new Uint8Array(0)).toString('utf8'));
  for (const record of history.records)
    for (const order of record.entry.orders) known.add(order.clientOrderId);
  for (const order of input.orders) {
    if (known.has(order.clientOrderId)) continue;
    const forgotten = input.marks.forgetfulAtMs.some((at) => at > createdMs(order));
    if (!forgotten) {
      return {
        invariant: 'I3',
        message: `the broker has ${order.clientOrderId} (${order.side} ${order.symbol}, ${order.status}) that neither the state nor the history knows`,
      };
    }
  }
  return null;
}

/** I4: the state file verifies (checksum, schema), its seq never goes back, the marker is not above it. */
export function checkStateValid(input: InvariantInput): Violation | null {
  if (input.marks.damagedSinceMs !== null) return null;
  const state = readState(input.files.state);
  if (!state.ok) return { invariant: 'I4', message: `state.json does not verify: ${state.why}` };
  if (state.payload === null) return null;
  if (state.seq < input.marks.highestSeq) {
    return {
      invariant: 'I4',
      message: `state.json went back from seq ${input.marks.highestSeq} to ${state.seq}`,
    };
  }
  const marker = markerSeq(input.files.marker);
  if (marker > state.seq) {
    return {
      invariant: 'I4',
      message: `state.json has seq ${state.seq} but seq ${marker} was written before`,
    };
  }
  return null;
}

/** I6: while the state is damaged and not restored, nothing is traded. */
export function checkFailClosed(input: InvariantInput): Violation | null {
  const since = input.marks.damagedSinceMs;
  if (since === null) return null;
  const traded = input.orders.find((order) => createdMs(order) >= since);
  return traded
    ? { invariant: 'I6', message: `${traded.clientOrderId} was placed while the state was damaged` }
    : null;
}

/** I7: at most `requestLimit` requests to the broker in any rolling minute of broker time. */
export function checkRequestRate(input: InvariantInput): Violation | null {
  const { requests, requestLimit } = input;
  let first = 0;
  for (let last = 0; last < requests.length; last++) {
    const lastAt = requests[last]?.atMs ?? 0;
    while ((requests[first]?.atMs ?? 0) <= lastAt - 60_000) first += 1;
    if (last - first + 1 > requestLimit) {
      return {
        invariant: 'I7',
        message: `${last - first + 1} requests within the minute before ${new Date(lastAt).toISOString()}`,
      };
    }
  }
  return null;
}

/** I8: no order while the market is closed or about to close, while trading is blocked, or while halted. */
export function checkTradingHours(input: InvariantInput): Violation | null {
  const within = (windows: readonly { fromMs: number; toMs: number | null }[], ms: number) =>
    windows.some((window) => ms >= window.fromMs && (window.toMs === null || ms < window.toMs));
  for (const order of input.orders) {
    const at = createdMs(order);
    const date = newYorkDate(new Date(at));
    const { session, openMs, closeMs } = sessionBounds(date);
    const problem = !session
      ? `on ${date}, when the market is closed all day`
      : at < openMs || at >= closeMs
        ? `at ${order.createdAt}, outside the session`
        : // Exactly the buffer before the close is still allowed (the config accepts it as the cycle time).
          at > closeMs - input.closeBufferMinutes * 60_000
          ? `at ${order.createdAt}, inside the last ${input.closeBufferMinutes} minutes before the close`
          : within(input.marks.blocks, at)
            ? `at ${order.createdAt}, while trading was blocked`
            : within(input.marks.halts, at)
              ? `at ${order.createdAt}, while trading was halted`
              : null;
    if (problem) return { invariant: 'I8', message: `${order.clientOrderId} was placed ${problem}` };
  }
  return null;
}

/** Check I1–I4, I6–I8 (I5 is about exits and is checked where processes end). The first violation, or null. */
export function checkInvariants(input: InvariantInput): Violation | null {
  const state = readState(input.files.state);
  return (
    checkNoDuplicates(input) ??
    checkOnePerDay(input) ??
    checkStateValid(input) ??
    checkNothingLost(input, state.ok ? state.payload : null) ??
    checkFailClosed(input) ??
    checkRequestRate(input) ??
    checkTradingHours(input)
  );
}
