import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createStateStore,
  HISTORY_FILE,
  initialStatePayload,
  SEQ_MARKER_FILE,
  STATE_FILE,
  type StateCorruptError,
} from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import { createEngineHarness, type EngineHarness } from '../test/engine-harness.ts';
import type { StateRecovery } from './state-recovery.ts';

const DRIFTED = { VTI: 60_000, TLT: 20_000, GLD: 10_000, DBC: 9_000 };
const FILES = [STATE_FILE, SEQ_MARKER_FILE, HISTORY_FILE];

/** The state files as they are now: what a backup holds. */
async function takeBackup(harness: EngineHarness): Promise<Map<string, Buffer>> {
  return new Map(
    await Promise.all(
      FILES.map(async (name) => [name, await readFile(join(harness.stateDir, name))] as const),
    ),
  );
}

/** A recovery that puts `backup` back, as the apps' backup service does (files in place, then accepted). */
function restoreFrom(
  harness: EngineHarness,
  backup: Map<string, Buffer>,
  calls: StateCorruptError[],
): StateRecovery {
  return async (problem) => {
    calls.push(problem);
    for (const [name, bytes] of backup) await writeFile(join(harness.stateDir, name), bytes);
    await createStateStore({ stateDir: harness.stateDir }).acceptRestoredState();
    return { kind: 'restored', notes: ['restored backup B1'] };
  };
}

describe('a cycle that finds its state unreadable', () => {
  it('restores it through the recovery, adopts the orders placed after the backup, and places nothing twice', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    expect((await harness.engine.runCycle()).outcome).toBe('committed');
    const backup = await takeBackup(harness);
    // The next day drifts again and trades: orders the backup does not know.
    harness.simulator.clock.set('2025-04-07T15:00:00.000Z');
    harness.seed({ VTI: 30_000 });
    expect((await harness.restart().runCycle({ force: true })).outcome).toBe('committed');
    const placed = harness.ownOrders().map((order) => order.clientOrderId);
    const afterBackup = placed.filter((id) => id.startsWith('dl-20250407'));
    expect(afterBackup.length).toBeGreaterThan(0);
    await writeFile(join(harness.stateDir, STATE_FILE), '{"schemaVersion":3,"seq":9,"payl');

    const calls: StateCorruptError[] = [];
    const report = await harness
      .restart({ recoverState: restoreFrom(harness, backup, calls) })
      .runCycle({ force: true });

    expect(calls.map((problem) => problem.kind)).toEqual(['truncated']);
    expect(report.notes[0]).toBe('restored backup B1');
    expect(report.notes[1]).toMatch(
      /^2025-04-07: adopted \d+ orders placed after the backup from the broker by client order id/,
    );
    expect(harness.ownOrders().map((order) => order.clientOrderId)).toEqual(placed);
    const record = (await createStateStore({ stateDir: harness.stateDir }).load())?.payload.days[
      '2025-04-07'
    ];
    expect(record?.status).toBe('committed');
    expect(record?.plannedOrders.map((order) => order.clientOrderId).sort()).toEqual([...afterBackup].sort());
  });

  it('adopts an earlier day the backup does not know, closes it as the rebalance it was, and trades nothing again', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    expect((await harness.engine.runCycle()).outcome).toBe('committed');
    const backup = await takeBackup(harness);
    harness.simulator.clock.set('2025-04-07T15:00:00.000Z');
    harness.seed({ VTI: 30_000 });
    expect((await harness.restart().runCycle()).outcome).toBe('committed');
    const placed = harness.ownOrders().map((order) => order.clientOrderId);
    // The state is lost two days later; the restored backup knows neither the trade of 04-07 nor its orders.
    harness.simulator.clock.set('2025-04-09T15:00:00.000Z');
    await writeFile(join(harness.stateDir, STATE_FILE), '');

    const report = await harness.restart({ recoverState: restoreFrom(harness, backup, []) }).runCycle();
    expect(report.notes).toContain(
      '2025-04-07: an interrupted rebalance was reconciled with the broker and closed as committed',
    );
    expect(report.code).toBe('within-policy');
    expect(harness.ownOrders().map((order) => order.clientOrderId)).toEqual(placed);
    const state = await createStateStore({ stateDir: harness.stateDir }).load();
    expect(state?.payload.lastRebalance?.day).toBe('2025-04-07');
  });

  it('finishes a day interrupted after its sells: the sells are adopted, nothing is sold again', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    // A backup of the fresh state, taken before the day's cycle.
    await createStateStore({ stateDir: harness.stateDir }).initialize(initialStatePayload());
    await writeFile(join(harness.stateDir, HISTORY_FILE), '');
    const backup = await takeBackup(harness);
    let armed = true;
    const crashing = harness.restart({
      crashPoints: (name) => {
        if (armed && name === 'after-sells-terminal') {
          armed = false;
          throw new Error('power cut after the sells');
        }
      },
    });
    await crashing.runCycle();
    const sells = harness.ownOrders().map((order) => order.clientOrderId);
    expect(sells.every((id) => id.endsWith('-sell'))).toBe(true);
    await writeFile(join(harness.stateDir, STATE_FILE), '');

    const report = await harness.restart({ recoverState: restoreFrom(harness, backup, []) }).runCycle();
    expect(report.notes.join('\n')).toMatch(/2025-03-03: adopted \d+ orders placed after the backup/);
    const ids = harness.ownOrders().map((order) => order.clientOrderId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.endsWith('-sell')).sort()).toEqual([...sells].sort());
  });

  it('refuses to trade with the recovery’s reason when nothing verifies', async () => {
    const harness = await createEngineHarness();
    harness.seed(DRIFTED);
    await harness.engine.runCycle();
    const before = harness.ownOrders().length;
    await writeFile(join(harness.stateDir, STATE_FILE), 'garbage');
    const report = await harness
      .restart({ recoverState: async () => ({ kind: 'refused', reason: 'no backup verifies: do X' }) })
      .runCycle({ force: true, again: true });
    expect(report).toMatchObject({
      outcome: 'refused',
      code: 'state-unreadable',
      reason: 'no backup verifies: do X',
    });
    expect(harness.ownOrders()).toHaveLength(before);
  });
});
