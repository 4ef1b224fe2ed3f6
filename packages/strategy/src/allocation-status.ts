import type { Targets } from '@dalio-lite/core';
import type { HistoryEventRecord, HistoryRecord, RebalanceHistory } from '@dalio-lite/state';
import type { AllocationChange } from './apply-allocation.ts';
import { sameTargets } from './same-targets.ts';

/** A cycle as the allocation status cites it. */
export interface CycleRef {
  n: number;
  day: string | null;
  finishedAt: string;
}

/** Where the last allocation change stands: waiting for a cycle, or in effect since one. */
export interface AllocationStatus {
  lastChange: (AllocationChange & { n: number }) | null;
  /** Set while no cycle has yet decided with the new allocation. */
  pendingSince: string | null;
  /** The first cycle whose policy decided with the new allocation. */
  effectiveFrom: CycleRef | null;
  /** A cycle after the change that still used the previous allocation (a daemon started before the change). */
  staleCycle: CycleRef | null;
}

/**
 * The state of the last allocation change, from the history: pending until a cycle after it consulted the policy
 * with exactly the new targets (cycles record the targets they ran with). A closed market or a busy lock does not
 * count: the allocation has not been acted on yet.
 */
export function allocationStatus(
  events: readonly HistoryEventRecord[],
  cycles: readonly HistoryRecord[],
): AllocationStatus {
  const last = events.filter((record) => record.event.kind === 'allocation-changed').at(-1);
  if (last === undefined)
    return { lastChange: null, pendingSince: null, effectiveFrom: null, staleCycle: null };
  const change = last.event;
  const decided = [...cycles]
    .filter((record) => record.n > last.n && record.entry.decision.kind !== 'none')
    .sort((a, b) => a.n - b.n);
  const ref = (record: HistoryRecord | undefined): CycleRef | null =>
    record ? { n: record.n, day: record.entry.day, finishedAt: record.entry.finishedAt } : null;
  const effective = decided.find(
    (record) => record.entry.targets !== undefined && sameTargets(record.entry.targets, change.to.targets),
  );
  const stale = decided.find(
    (record) =>
      record.entry.targets !== undefined &&
      !sameTargets(record.entry.targets, change.to.targets) &&
      (effective === undefined || record.n < effective.n),
  );
  return {
    lastChange: { ...change, n: last.n },
    pendingSince: effective ? null : change.at,
    effectiveFrom: ref(effective),
    staleCycle: ref(stale),
  };
}

/** The allocation status read from a state directory's history. */
export async function readAllocationStatus(
  history: Pick<RebalanceHistory, 'readEvents' | 'readAll'>,
): Promise<AllocationStatus> {
  const [events, { records }] = await Promise.all([history.readEvents(), history.readAll()]);
  return allocationStatus(events, records);
}

/**
 * True when a recorded allocation change still waits for a cycle and the engine runs with its targets: that cycle
 * is forced (bands and minimum days set aside, never the guards or the once-a-day rule), so it trades toward the
 * new mix at once. An engine still holding other targets (a daemon started before the change) is never forced.
 */
export function allocationChangeForces(status: AllocationStatus, targets: Targets): boolean {
  return (
    status.pendingSince !== null &&
    status.lastChange !== null &&
    sameTargets(status.lastChange.to.targets, targets)
  );
}

/** A cycle runner that forces the cycle while `allocationChangeForces` holds (read afresh before each cycle). */
export function forceWhileAllocationPending<O extends { force?: boolean }, R>(
  runCycle: (options?: O) => Promise<R>,
  history: Pick<RebalanceHistory, 'readEvents' | 'readAll'>,
  targets: Targets,
): (options?: O) => Promise<R> {
  return async (options) => {
    if (options?.force) return runCycle(options);
    const forced = allocationChangeForces(await readAllocationStatus(history), targets);
    return runCycle(forced ? ({ ...options, force: true } as O) : options);
  };
}

/** The status in one or two lines for a person; null when no change was ever recorded. */
export function describeAllocationStatus(status: AllocationStatus): string[] {
  const { lastChange } = status;
  if (lastChange === null) return [];
  if (status.pendingSince === null) {
    const from = status.effectiveFrom;
    return [
      `Allocation changed ${lastChange.at} by ${lastChange.by}; in effect since cycle #${from?.n} (trading day ${from?.day ?? '-'})`,
    ];
  }
  const lines = [
    `Allocation change pending since ${status.pendingSince} (by ${lastChange.by}): the next cycle rebalances toward ${formatTargets(lastChange.to.targets)}`,
  ];
  if (status.staleCycle) {
    lines.push(
      `  Cycle #${status.staleCycle.n} (trading day ${status.staleCycle.day ?? '-'}) still ran with the previous allocation: it was started with another config file (check its --config and DALIO_CONFIG)`,
    );
  }
  return lines;
}

/** Targets as `VTI 40 %, TLT 30 %`. */
export function formatTargets(targets: Readonly<Record<string, number>>): string {
  return Object.entries(targets)
    .map(([symbol, weight]) => `${symbol} ${Math.round(weight * 1e6) / 1e4} %`)
    .join(', ');
}
