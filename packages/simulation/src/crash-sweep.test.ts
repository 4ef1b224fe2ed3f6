import { CYCLE_STEPS } from '@dalio-lite/engine';
import { DURABLE_WRITE_STEPS } from '@dalio-lite/state';
import { describe, expect, it } from 'vitest';
import { mondayScenario } from '../test/scenarios.ts';
import { readState } from './invariants.ts';
import { runScenario } from './run-scenario.ts';
import type { CrashMode } from './scenario.ts';

// ALICE's idea on the simulated disk: kill the cycle at every step it persists or acts at — SIGKILL (the page
// cache survives) and a power cut (unsynced data lost or torn) — restart it at once, and check I1–I8 and that
// the day ends committed exactly once.
const MODES: readonly CrashMode[] = ['kill', 'power'];
const WRITE_STEPS = [
  ...DURABLE_WRITE_STEPS,
  'before-seq-marker-write',
  ...DURABLE_WRITE_STEPS.map((s) => `seq-marker:${s}`),
];
const POINTS = [
  ...CYCLE_STEPS.flatMap((step) => MODES.map((mode) => ({ step, nth: 1, mode }))),
  // The n-th state write of the cycle: the first (binding the account), the intent, an answer, the commit.
  ...WRITE_STEPS.flatMap((step) => [2, 4, 7].flatMap((nth) => MODES.map((mode) => ({ step, nth, mode })))),
];

describe('row 11 and row 18: the full crash-point sweep on the simulated disk', () => {
  it.each(POINTS)(
    'crash ($mode) at $step:$nth, restart: one set of orders, the day committed once',
    async (point) => {
      const run = await runScenario(
        mondayScenario([
          {
            day: 0,
            at: '09:59',
            action: {
              kind: 'faults',
              crash: point,
              pause: null,
              brokerFaults: [],
              faultRate: 0,
              fsFaults: [],
              rejections: 0,
            },
          },
        ]),
      );
      expect(run.violation).toBeNull();
      expect(run.stats.crashes).toBe(1);
      const state = readState(run.world.files().state);
      if (!state.ok || !state.payload) throw new Error('no state');
      const record = state.payload.days['2025-03-03'];
      expect(record?.status).toBe('committed');
      expect(record?.attempt).toBe(0);
      const ids = run.world.invariantInput().orders.map((order) => order.clientOrderId);
      expect(ids.length).toBeGreaterThan(0);
      expect([...ids].sort()).toEqual(record?.plannedOrders.map((order) => order.clientOrderId).sort());
    },
  );
});
