import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runScript } from '../test/child-process.ts';
import { DURABLE_WRITE_STEPS } from './crash-points.ts';
import { initialStatePayload } from './state-schema.ts';
import { createStateStore } from './state-store.ts';

const STATE_STEPS = [...DURABLE_WRITE_STEPS];
const MARKER_STEPS = ['before-seq-marker-write', ...DURABLE_WRITE_STEPS.map((step) => `seq-marker:${step}`)];
const NEW_FROM = STATE_STEPS.indexOf('after-rename-before-dir-fsync');
// The dead writer's update lock must go stale before anyone writes again; every process uses this value.
const STALE_MS = 2_000;
const NOW = '2025-09-26T15:00:00.000Z';
// The cases mostly wait for that stale time, not for the CPU: run them all at once.
vi.setConfig({ maxConcurrency: 16 });

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dalio-store-crash-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a state update killed with SIGKILL at each named step', () => {
  it.concurrent.each([...STATE_STEPS, ...MARKER_STEPS].map((step, index) => ({ step, index })))(
    'at $step leaves a loadable old or new state and writes continue above it once its lock is stale',
    async ({ step, index }) => {
      const stateDir = join(root, `step-${index}`);
      const store = createStateStore({ stateDir, staleMs: STALE_MS });
      await store.save({ ...initialStatePayload(), highWaterMarkUsd: 1111 });

      const result = await runScript('crash-store-child.ts', [stateDir, String(STALE_MS)], {
        CRASH_AT: step,
      });
      expect(result.signal).toBe('SIGKILL');
      expect(existsSync(store.updateLockPath)).toBe(true);

      // Reads do not wait for the dead writer's lock.
      const loaded = await createStateStore({ stateDir, staleMs: STALE_MS }).load();
      const expectNew = index >= NEW_FROM;
      expect(loaded).toMatchObject(expectNew ? { seq: 2 } : { seq: 1 });
      expect(loaded?.payload.highWaterMarkUsd).toBe(expectNew ? 2222 : 1111);
      // The dead writer's temp file is cleaned up on the next open.
      expect(readdirSync(stateDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      const next = await store.update((state) => ({ ...state, halt: { since: NOW, reason: 'operator' } }));
      expect(next.seq).toBe((loaded?.seq ?? 0) + 1);
      expect(existsSync(store.updateLockPath)).toBe(false);
      const after = await createStateStore({ stateDir }).load();
      expect(after).toMatchObject({
        seq: next.seq,
        payload: { ...loaded?.payload, halt: { reason: 'operator' } },
      });
    },
  );
});
