import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnScript, waitForExit, waitForOutput } from '../test/child-process.ts';
import { SHARED_DAY } from '../test/state-fixtures.ts';
import { initialStatePayload } from './state-schema.ts';
import { createStateStore } from './state-store.ts';
import { STATE_UPDATE_LOCK_CONFIG } from './state-update-lock.ts';

const PROCESSES = 6;
const UPDATES_EACH = 20;

let stateDir: string;
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'dalio-store-procs-'));
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

describe('state updates from concurrent processes', () => {
  it(`${PROCESSES} processes × ${UPDATES_EACH} updates of one list lose none of them`, async () => {
    await createStateStore({ stateDir }).save({ ...initialStatePayload(), highWaterMarkUsd: 1 });
    const staleMs = String(STATE_UPDATE_LOCK_CONFIG.staleMs);
    const children = Array.from({ length: PROCESSES }, (_, index) =>
      spawnScript('update-child.ts', [stateDir, staleMs, `p${index}`, String(UPDATES_EACH)]),
    );
    const exits = children.map((child) => waitForExit(child));
    await Promise.all(children.map((child) => waitForOutput(child, 'ready')));
    for (const child of children) child.stdin?.end('go\n');
    for (const result of await Promise.all(exits)) {
      expect(result).toMatchObject({ code: 0, stdout: 'ready\ndone\n', stderr: '' });
    }

    const state = await createStateStore({ stateDir }).load();
    const reasons = state?.payload.days[SHARED_DAY]?.reasons ?? [];
    const expected = Array.from({ length: PROCESSES }, (_, process) =>
      Array.from({ length: UPDATES_EACH }, (_, update) => `p${process}-${update}`),
    ).flat();
    expect([...reasons].sort()).toEqual([...expected].sort());
    // Each process's own updates land in its order, and every update got its own seq.
    for (let process = 0; process < PROCESSES; process += 1) {
      const own = reasons.filter((reason) => reason.startsWith(`p${process}-`));
      expect(own).toEqual(expected.filter((reason) => reason.startsWith(`p${process}-`)));
    }
    expect(state?.seq).toBe(1 + PROCESSES * UPDATES_EACH);
    // The updates really were concurrent: some process wrote between two updates of another one.
    const interleaved = reasons.some((reason, index) => {
      const next = reasons[index + 1];
      return next !== undefined && reason.split('-')[0] !== next.split('-')[0];
    });
    expect(interleaved).toBe(true);
    expect(state?.payload.highWaterMarkUsd).toBe(1);
  });
});
