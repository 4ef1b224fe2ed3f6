import { isoDateToUtcMs, newYorkDate, newYorkInstant, nextTradingDay } from '@dalio-lite/core';
import type { DeliberateBug } from '@dalio-lite/engine';
import { parseHistory } from '@dalio-lite/state';
import { checkInvariants, readState, type Violation } from './invariants.ts';
import type { Action, Scenario } from './scenario.ts';
import { BACKED_UP_FILES, createSimWorld, type SimWorld } from './sim-world.ts';
import { performAction, reset, restore, resume, runCycle, runFaultyCycle } from './world-actions.ts';

/** A violation with where it happened: the broker time and the step of the scenario. */
export interface LocatedViolation extends Violation {
  at: string;
  step: string;
}

/** What running one scenario showed: every step it took, and the first invariant it broke, if any. */
export interface ScenarioRun {
  violation: LocatedViolation | null;
  trace: string[];
  stats: { steps: number; orders: number; crashes: number };
  /** The world as the run left it, for a closer look (the ledger, the disk, the marks). */
  world: SimWorld;
}

/** Options of a run; `deliberateBug` runs a broken engine (the mutation check). */
export interface RunScenarioOptions {
  deliberateBug?: DeliberateBug;
}

interface TimelineItem {
  day: number;
  at: string;
  action: Action | null;
}

/** The scenario's events in time order, with the daemon's daily cycle after any event of the same minute. */
function timeline(scenario: Scenario): TimelineItem[] {
  const daily = Array.from({ length: scenario.days }, (_, day) => ({
    day,
    at: scenario.dailyAt,
    action: null,
  }));
  const events = scenario.events.filter((event) => event.day < scenario.days);
  return [...events, ...daily].sort(
    (a, b) =>
      a.day - b.day || a.at.localeCompare(b.at) || Number(a.action === null) - Number(b.action === null),
  );
}

/**
 * Run a scenario: build its world, play its timeline (each day starts with a backup), check I1–I8 after every
 * step, then heal (faults off, the state restored, trading resumed) and check liveness over two more trading
 * days. Returns the first violation; never throws for a product failure.
 */
export async function runScenario(
  scenario: Scenario,
  options: RunScenarioOptions = {},
): Promise<ScenarioRun> {
  const world = createSimWorld(scenario, options);
  const trace: string[] = [];
  let step = 'setup';
  const located = (violation: Violation): ScenarioRun => ({
    violation: { ...violation, at: world.clock.now().toISOString(), step },
    trace,
    stats: stats(world, trace.length),
    world,
  });
  const after = (note: string, violation: Violation | null): ScenarioRun | null => {
    trace.push(`${world.clock.now().toISOString()} ${step}: ${note}`);
    const found = violation ?? checkInvariants(world.invariantInput());
    if (found) return located(found);
    const state = readState(world.files().state);
    if (state.ok && state.payload !== null)
      world.marks.highestSeq = Math.max(world.marks.highestSeq, state.seq);
    return null;
  };
  try {
    let backedUp = -1;
    for (const item of timeline(scenario)) {
      for (; backedUp < item.day; backedUp++) {
        const day = backedUp + 1;
        takeBackup(world, day);
        // The owner reads yesterday's alerts the next morning: resumes trading, restores a damaged state.
        if (day > 0 && world.marks.halts.some((window) => window.toMs === null)) await resume(world);
        if (day > 0 && world.marks.damagedSinceMs !== null) await restore(world, 0, day);
      }
      const date = new Date(isoDateToUtcMs(scenario.start) + item.day * 86_400_000)
        .toISOString()
        .slice(0, 10);
      moveTo(world, newYorkInstant(date, item.at).getTime());
      step = `day ${item.day} ${date} ${item.at} ${item.action ? item.action.kind : 'daily cycle'}`;
      const outcome = item.action
        ? await performAction(world, item.action)
        : await runFaultyCycle(world, true);
      const broken = after(outcome.note, outcome.violation);
      if (broken) return broken;
    }
    step = 'heal';
    const broken = after(await heal(world), null);
    if (broken) return broken;
    let day = newYorkDate(world.clock.now());
    for (const extra of [1, 2]) {
      day = nextTradingDay(day);
      moveTo(world, newYorkInstant(day, '10:30').getTime());
      step = `liveness day ${extra} ${day}`;
      const ran = await runCycle(world, world.spawn(), true);
      const broken = after(ran.report ? `${ran.report.outcome}/${ran.report.code}` : 'killed', ran.violation);
      if (broken) return broken;
    }
    const stuck = checkLiveness(world, day);
    if (stuck) return located(stuck);
  } catch (error) {
    return located({
      invariant: 'liveness',
      message: `the run threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    });
  }
  return { violation: null, trace, stats: stats(world, trace.length), world };
}

function stats(world: SimWorld, steps: number): ScenarioRun['stats'] {
  return { steps, orders: world.invariantInput().orders.length, crashes: world.marks.crashes };
}

/** Time only moves forward: an event scheduled in the past (a long cycle ran over it) happens now. */
function moveTo(world: SimWorld, instantMs: number): void {
  if (instantMs > world.clock.now().getTime()) world.clock.set(new Date(instantMs));
}

/** The nightly backup of the state directory (skipped while the state is damaged: a backup verifies first). */
function takeBackup(world: SimWorld, day: number): void {
  if (world.marks.damagedSinceMs !== null) return;
  const files = new Map<string, Uint8Array>();
  for (const file of BACKED_UP_FILES) {
    const bytes = world.fs.peek(world.path(file));
    if (bytes) files.set(file, bytes.slice());
  }
  world.backups.set(day, files);
}

/** The operator puts things right: faults off, trading unblocked, clock fixed, state restored, trading resumed. */
async function heal(world: SimWorld): Promise<string> {
  world.simulator.faults.clear();
  world.fs.clearFaults();
  world.network.rejectNextOrders(0);
  world.armed.crash = null;
  world.armed.pause = null;
  world.skewMs = 0;
  world.network.setTradingBlocked(false);
  for (const window of world.marks.blocks) window.toMs ??= world.clock.now().getTime();
  const notes: string[] = [];
  if (world.marks.damagedSinceMs !== null) notes.push(await restore(world, 0, Number.MAX_SAFE_INTEGER));
  // No backup holds a state yet: the explicit reset is the only way out.
  if (world.marks.damagedSinceMs !== null) notes.push(await reset(world));
  if (world.marks.halts.some((window) => window.toMs === null)) notes.push(await resume(world));
  return notes.join('; ') || 'nothing to heal';
}

/**
 * Liveness once the faults are over: no earlier day is left open, and every order of ours the state does not
 * know was reported by a cycle (it can only be one placed before a restore).
 */
function checkLiveness(world: SimWorld, lastDay: string): Violation | null {
  const state = readState(world.files().state);
  if (!state.ok)
    return { invariant: 'liveness', message: `the state does not verify after healing: ${state.why}` };
  const open = Object.values(state.payload?.days ?? {}).filter(
    (record) => record.status === 'intent' && record.day < lastDay,
  );
  if (open.length > 0) {
    return {
      invariant: 'liveness',
      message: `days still open after two quiet trading days: ${open.map((record) => record.day).join(', ')}`,
    };
  }
  const known = new Set<string>();
  for (const record of Object.values(state.payload?.days ?? {})) {
    for (const order of record.plannedOrders) known.add(order.clientOrderId);
  }
  const history = parseHistory(Buffer.from(world.files().history ?? new Uint8Array(0)).toString('utf8'));
  for (const record of history.records)
    for (const order of record.entry.orders) known.add(order.clientOrderId);
  const silent = world
    .invariantInput()
    .orders.find((order) => !known.has(order.clientOrderId) && !world.marks.flagged.has(order.clientOrderId));
  return silent
    ? {
        invariant: 'liveness',
        message: `${silent.clientOrderId} is unknown to the state and no cycle reported it`,
      }
    : null;
}
