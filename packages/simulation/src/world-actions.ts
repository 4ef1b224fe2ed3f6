import { daysBetween, newYorkDate } from '@dalio-lite/core';
import type { CycleReport } from '@dalio-lite/engine';
import { haltTrading, resumeTrading } from '@dalio-lite/engine';
import { initialStatePayload, QUARANTINE_RECORD_FILE, SEQ_MARKER_FILE, STATE_FILE } from '@dalio-lite/state';
import { markerSeq, readState, type Violation } from './invariants.ts';
import type { Action, CycleFaults, Damage, PauseSpec } from './scenario.ts';
import type { SimProcess } from './sim-process.ts';
import { BACKED_UP_FILES, SIM_ACCOUNT, type SimWorld } from './sim-world.ts';

/** What one action led to: a note for the trace, or the invariant it broke. */
export interface ActionOutcome {
  note: string;
  violation: Violation | null;
}

const never = <T>(): Promise<T> => new Promise<T>(() => {});
const UNKNOWN_ORDER = /the broker has order (\S+) /;

/** Carry out one action of the scenario on the world. */
export async function performAction(world: SimWorld, action: Action): Promise<ActionOutcome> {
  switch (action.kind) {
    case 'faults':
      return { note: arm(world, action), violation: null };
    case 'cycle':
      return runFaultyCycle(world, action.waitForLock);
    case 'user-trade':
      return { note: userTrade(world, action.symbol, action.usd), violation: null };
    case 'halt':
      return { note: await halt(world), violation: null };
    case 'resume':
      return { note: await resume(world), violation: null };
    case 'restore':
      return thenCycle(world, await restore(world, action.daysBack));
    case 'damage':
      return { note: damage(world, action.how), violation: null };
    case 'reset':
      return thenCycle(world, await reset(world));
    case 'trading-blocked':
      return { note: setBlocked(world, action.blocked), violation: null };
    case 'local-clock':
      world.skewMs = action.skewMs;
      return { note: `local clock now ${action.skewMs} ms off the broker's`, violation: null };
    case 'power-cut':
      world.fs.losePower();
      return { note: 'power cut between cycles', violation: null };
  }
}

/**
 * Arm faults: broker and disk faults wait for the requests and operations they match, rejections for the next
 * submissions, a crash or a stop for the step they name (like `DALIO_CRASH_AT`); the transient fault rate holds
 * for the next cycle.
 */
function arm(world: SimWorld, faults: CycleFaults): string {
  for (const fault of faults.brokerFaults) world.simulator.faults.next(fault.route, fault.fault, fault.times);
  for (const fault of faults.fsFaults) world.fs.injectFault(fault.kind, fault.nth);
  if (faults.rejections > 0) world.network.rejectNextOrders(faults.rejections);
  world.nextFaultRate = faults.faultRate;
  if (faults.crash) world.armed.crash = faults.crash;
  if (faults.pause) world.armed.pause = faults.pause;
  world.armed.seen.clear();
  return `armed ${[
    ...faults.brokerFaults.map((f) => `${f.fault}×${f.times} on ${f.route}`),
    ...faults.fsFaults.map((f) => `${f.kind} at op ${f.nth}`),
    faults.crash ? `crash (${faults.crash.mode}) at ${faults.crash.step}:${faults.crash.nth}` : '',
    faults.pause ? `stop at ${faults.pause.step}:${faults.pause.nth} for ${faults.pause.pauseMs} ms` : '',
    faults.rejections > 0 ? `${faults.rejections} rejections` : '',
    faults.faultRate > 0 ? `transient faults at ${faults.faultRate}` : '',
  ]
    .filter(Boolean)
    .join(', ')}`;
}

/** The operator checks their work with a cycle right away (the daemon would run one soon anyway). */
async function thenCycle(world: SimWorld, note: string): Promise<ActionOutcome> {
  const ran = await runFaultyCycle(world, true);
  return { note: `${note}; then ${ran.note}`, violation: ran.violation };
}

/**
 * A cycle of a new process that meets the armed faults; a crash is followed by a restart at once (systemd's
 * Restart=), which runs the cycle again.
 */
export async function runFaultyCycle(world: SimWorld, waitForLock: boolean): Promise<ActionOutcome> {
  const { fs } = world;
  world.network.setTransientFaultRate(world.nextFaultRate);
  world.nextFaultRate = 0;
  let racing: Violation | null = null;
  let crashed = '';
  const process = world.spawn({
    onStep: async (self, step) => {
      const { armed } = world;
      const n = (armed.seen.get(step) ?? 0) + 1;
      armed.seen.set(step, n);
      const { crash, pause } = armed;
      if (crash && crash.step === step && crash.nth === n) {
        armed.crash = null;
        crashed = `crashed at ${step}:${n} (${crash.mode})`;
        self.kill();
        if (crash.mode === 'power') fs.losePower();
        world.marks.crashes += 1;
        return never();
      }
      if (pause && pause.step === step && pause.nth === n) {
        armed.pause = null;
        racing ??= await stopFor(world, self, pause);
      }
    },
  });
  const ran = await runCycle(world, process, waitForLock);
  world.network.setTransientFaultRate(0);
  if (ran.report === null) {
    const restart = await runCycle(world, world.spawn(), true);
    return { note: `${crashed}; restart: ${describe(restart.report)}`, violation: restart.violation };
  }
  return { note: describe(ran.report), violation: racing ?? ran.violation };
}

/** Stop a process at a step for a while; another process may run a cycle or halt trading meanwhile. */
async function stopFor(world: SimWorld, process: SimProcess, pause: PauseSpec): Promise<Violation | null> {
  process.pause();
  const untilMs = world.clock.now().getTime() + pause.pauseMs;
  if (pause.halt) await halt(world);
  const racer = pause.racer ? await runCycle(world, world.spawn(), pause.racerWaits, true) : null;
  const leftMs = untilMs - world.clock.now().getTime();
  if (leftMs > 0) world.clock.advance(leftMs);
  process.resume();
  return racer?.violation ?? null;
}

/**
 * Run one cycle of a process to its end (null report: it was killed), then check what only an exit shows:
 * I5 (lock released, no temp files left by a graceful exit, never busy without a live holder) and I6 (a
 * damaged state is refused).
 */
export async function runCycle(
  world: SimWorld,
  process: SimProcess,
  waitForLock: boolean,
  racing = false,
): Promise<{ report: CycleReport | null; violation: Violation | null }> {
  const damaged = world.marks.damagedSinceMs !== null;
  const report = await Promise.race([
    process.engine.runCycle({ waitForLock }),
    process.died.then(() => null),
  ]);
  if (report === null) return { report, violation: null };
  for (const note of report.notes) {
    const id = UNKNOWN_ORDER.exec(note)?.[1];
    if (id) world.marks.flagged.add(id);
  }
  const fail = (invariant: Violation['invariant'], message: string) => ({
    report,
    violation: { invariant, message: `${message} (cycle ${report.cycleId}: ${describe(report)})` },
  });
  if (world.locks.rebalanceHolder() === process.id)
    return fail('I5', 'the rebalance lock was still held after the cycle ended');
  const temp = world.fs.tempFilesBy(world.path(''), process.id);
  if (temp.length > 0) return fail('I5', `temp files left behind by a cycle that ended: ${temp.join(', ')}`);
  if (report.outcome === 'busy' && !racing)
    return fail('I5', 'a cycle found the lock busy with no other process running');
  // Fail closed: refused as unreadable, or failed outright (its quarantine could not be recorded, say).
  if (damaged && report.code !== 'state-unreadable' && !['busy', 'failed'].includes(report.outcome)) {
    return fail('I6', `a cycle on a damaged state went ahead (${report.outcome}/${report.code})`);
  }
  return { report, violation: null };
}

function describe(report: CycleReport | null): string {
  if (report === null) return 'killed';
  return `${report.outcome}/${report.code} ${report.day ?? ''} ${report.orders.length} orders${
    report.errors.length > 0 ? ` [${report.errors.join('; ')}]` : ''
  }`;
}

function userTrade(world: SimWorld, symbol: string, usd: number): string {
  const price = world.simulator.latestTrade(symbol)?.priceUsd ?? 0;
  const qty = Math.max(1, Math.floor(Math.abs(usd) / price));
  const outcome = world.simulator.submitOrder(SIM_ACCOUNT, {
    symbol,
    side: usd >= 0 ? 'buy' : 'sell',
    type: 'market',
    timeInForce: 'day',
    qty: String(qty),
    clientOrderId: `owner-trade-${world.network.requests.length}-${symbol}`,
  });
  world.simulator.account(SIM_ACCOUNT, { settled: true });
  return `owner ${usd >= 0 ? 'bought' : 'sold'} ${qty} ${symbol}: ${outcome.ok ? outcome.order.status : outcome.rejection.message}`;
}

/** The owner's `dalio halt` from another process: persisted first, then open orders canceled. */
export async function halt(world: SimWorld): Promise<string> {
  const fromMs = tick(world);
  const process = world.spawn();
  try {
    await haltTrading(process.store, process.broker, {
      reason: 'the owner halted trading',
      cancelOrders: true,
      liquidate: false,
      now: new Date(fromMs + world.skewMs),
      sleep: async (ms) => world.clock.advance(ms),
    });
  } catch (error) {
    syncHalt(world);
    return `halt failed: ${String(error)}`;
  }
  if (!world.marks.halts.some((window) => window.toMs === null))
    world.marks.halts.push({ fromMs, toMs: null });
  return 'halted';
}

/** The owner's `dalio resume`. */
export async function resume(world: SimWorld): Promise<string> {
  try {
    await resumeTrading(world.spawn().store);
  } catch (error) {
    syncHalt(world);
    return `resume failed: ${String(error)}`;
  }
  syncHalt(world);
  return 'resumed';
}

/**
 * Follow the halt switch as the state on disk has it. An operator command can fail after its write is in place
 * (a failed directory fsync): what counts is what the next cycle reads.
 */
function syncHalt(world: SimWorld): void {
  const state = readState(world.files().state);
  if (!state.ok || state.payload === null) return;
  const open = world.marks.halts.find((window) => window.toMs === null);
  if (state.payload.halt === null && open) open.toMs = tick(world);
  if (state.payload.halt !== null && !open) world.marks.halts.push({ fromMs: tick(world), toMs: null });
}

function setBlocked(world: SimWorld, blocked: boolean): string {
  const nowMs = tick(world);
  world.network.setTradingBlocked(blocked);
  const open = world.marks.blocks.find((window) => window.toMs === null);
  if (blocked && !open) world.marks.blocks.push({ fromMs: nowMs, toMs: null });
  if (!blocked && open) open.toMs = nowMs;
  return blocked ? 'trading blocked at the broker' : 'trading unblocked';
}

/**
 * Put back the backup of `daysBack` days before today (the newest one at or before it), then accept it as the
 * operator does (`dalio state accept-restored`). Orders placed since the backup may now be unknown to the state.
 */
export async function restore(world: SimWorld, daysBack: number, today = currentDay(world)): Promise<string> {
  const day = [...world.backups.keys()].filter((d) => d <= today - daysBack).sort((a, b) => b - a)[0];
  const backup = day === undefined ? undefined : world.backups.get(day);
  if (!backup?.has(STATE_FILE)) return 'no backup with a state to restore';
  for (const file of BACKED_UP_FILES) {
    const bytes = backup.get(file);
    if (bytes) world.fs.poke(world.path(file), bytes);
    else world.fs.remove(world.path(file));
  }
  const restored = readState(backup.get(STATE_FILE) ?? null);
  forget(world, restored.ok ? restored.seq : 0);
  try {
    await world.spawn().store.acceptRestoredState();
    return `restored the backup of day ${day} (seq ${restored.ok ? restored.seq : '?'})`;
  } catch (error) {
    // A disk fault mid-way: whether the store still refuses depends on how far it got.
    markRefusal(world);
    return `restoring the backup of day ${day} failed: ${String(error)}`;
  }
}

/** Whether the store refuses the state as it is on disk now (quarantined, unverifiable, rolled back). */
function storeRefuses(world: SimWorld): boolean {
  if (world.fs.peek(world.path(QUARANTINE_RECORD_FILE)) !== null) return true;
  const files = world.files();
  const state = readState(files.state);
  if (!state.ok) return true;
  const highest = markerSeq(files.marker);
  return state.payload === null ? highest > 0 : state.seq < highest;
}

/** After an operator action that failed part-way: the state is damaged exactly when the store refuses it. */
function markRefusal(world: SimWorld): void {
  world.marks.damagedSinceMs = storeRefuses(world) ? (world.marks.damagedSinceMs ?? tick(world)) : null;
  syncHalt(world);
}

/** The operator's reset of a quarantined state (`dalio state reset --yes`, halted), then `dalio resume`. */
export async function reset(world: SimWorld): Promise<string> {
  const process = world.spawn();
  const since = world.clock.now().toISOString();
  try {
    const written = await process.store.reset({ ...initialStatePayload(), halt: { since, reason: 'reset' } });
    forget(world, written.seq);
  } catch (error) {
    world.marks.forgetfulAtMs.push(tick(world));
    markRefusal(world);
    return `reset failed: ${String(error)}`;
  }
  return `reset the state, halted; ${await resume(world)}`;
}

/** After a restore or reset: the state may not know recent orders; the damage and the seq history are gone. */
function forget(world: SimWorld, seq: number): void {
  world.marks.forgetfulAtMs.push(tick(world));
  world.marks.damagedSinceMs = null;
  world.marks.highestSeq = seq;
  syncHalt(world);
}

/** Damage the state file on disk; marked damaged only when the store can tell (an undetectable flip is not damage). */
function damage(world: SimWorld, how: Damage): string {
  const path = world.path(STATE_FILE);
  const bytes = world.fs.peek(path);
  if (bytes === null || world.marks.damagedSinceMs !== null) return `no state file to damage (${how})`;
  const at = Math.floor(world.random() * bytes.length);
  if (how === 'missing') world.fs.remove(path);
  else if (how === 'rollback') {
    const current = readState(bytes);
    const older = [...world.backups.values()]
      .map((backup) => backup.get(STATE_FILE))
      .find((candidate) => {
        const state = readState(candidate ?? null);
        return current.ok && state.ok && state.payload !== null && state.seq < current.seq;
      });
    if (!older) return 'no older state to roll back to';
    world.fs.poke(path, older);
  } else {
    const damaged =
      how === 'truncate'
        ? bytes.slice(0, at)
        : how === 'empty'
          ? new Uint8Array(0)
          : how === 'nul-fill'
            ? new Uint8Array(bytes.length)
            : bytes.map((byte, index) => (index === at ? byte ^ 0x20 : byte));
    world.fs.poke(path, damaged);
  }
  const after = readState(world.fs.peek(path));
  // A rollback is detectable against the seq marker, the store's only record of the highest seq written. Its
  // write comes after the state's, so after a failed marker write it lags one write behind until the next update:
  // a rollback by exactly that write then goes unseen (the store's documented limit, reported, not hidden).
  const marker = markerSeq(world.fs.peek(world.path(SEQ_MARKER_FILE)));
  const detectable = how === 'missing' || !after.ok || (after.payload !== null && after.seq < marker);
  if (detectable) world.marks.damagedSinceMs = tick(world);
  else if (after.ok && after.payload !== null) {
    // The store takes the older state as current: like a restore, it may not know the latest orders.
    world.marks.highestSeq = Math.min(world.marks.highestSeq, after.seq);
    world.marks.forgetfulAtMs.push(tick(world));
    syncHalt(world);
  }
  return `state damaged (${how})${detectable ? '' : ', undetectably'}`;
}

/**
 * Now, one millisecond on: what the owner or the disk does gets its own instant, so no order shares it and the
 * checks can tell before from after.
 */
function tick(world: SimWorld): number {
  world.clock.advance(1);
  return world.clock.now().getTime();
}

/** The scenario day the clock is in (0 = the first). */
export function currentDay(world: SimWorld): number {
  return daysBetween(world.scenario.start, newYorkDate(world.clock.now()));
}
