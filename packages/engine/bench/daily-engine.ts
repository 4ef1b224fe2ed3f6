/**
 * The engine of the benches: the test harness (in-process simulator, real state store in a tmp dir) on model
 * prices long enough for years of cycles, with a step that moves the simulated clock to the next weekday so
 * every cycle is a new trading day that trades or holds. Not a test.
 */
import { createModelPriceFeed } from '@dalio-lite/broker';
import { PRESETS } from '@dalio-lite/core';
import { createEngineHarness, type EngineHarness, MONDAY_10AM } from '../test/engine-harness.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A harness at Monday 10:00 and `nextDay`, which advances its clock to the next weekday at the same hour. */
export async function createDailyEngine(): Promise<{ harness: EngineHarness; nextDay(): Promise<void> }> {
  const harness = await createEngineHarness({
    prices: createModelPriceFeed({
      seed: 11,
      symbols: Object.keys(PRESETS['dalio-lite'].targets),
      from: '2024-01-02',
      to: '2035-12-31',
    }),
  });
  let at = new Date(MONDAY_10AM);
  return {
    harness,
    async nextDay() {
      const days = at.getUTCDay() === 5 ? 3 : 1;
      at = new Date(at.getTime() + days * DAY_MS);
      await harness.sleep(days * DAY_MS);
    },
  };
}
