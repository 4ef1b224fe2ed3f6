import type { Targets } from '@dalio-lite/core';
import type { CycleReport } from '@dalio-lite/engine';
import { describe, expect, it } from 'vitest';
import { followAllocationChanges } from './allocation-reload.ts';
import type { DaemonEngine } from './daemon-loop.ts';

const DALIO_LITE: Targets = { VTI: 0.4, TLT: 0.3, GLD: 0.2, DBC: 0.1 };
const SIXTY_FORTY: Targets = { VTI: 0.6, AGG: 0.4 };
const CYCLE = { waitForLock: true as const, signal: new AbortController().signal };

/** Engines that say which targets they were built for, one report per cycle. */
function engines() {
  const cycles: Targets[] = [];
  const engineFor = async (targets: Targets): Promise<DaemonEngine> => ({
    runCycle: async () => {
      cycles.push(targets);
      return { outcome: 'hold' } as CycleReport;
    },
  });
  return { cycles, engineFor };
}

describe('a daemon following allocation changes', () => {
  it('trades towards an allocation set while it runs from the next cycle on, and says so once', async () => {
    const { cycles, engineFor } = engines();
    let inFile = DALIO_LITE;
    const reloads: { from: Targets; to: Targets }[] = [];
    const engine = followAllocationChanges({
      targets: DALIO_LITE,
      engine: await engineFor(DALIO_LITE),
      readTargets: async () => inFile,
      engineFor,
      onReloaded: (change) => reloads.push(change),
      onUnreadable: () => {},
    });
    await engine.runCycle(CYCLE);
    inFile = SIXTY_FORTY;
    await engine.runCycle(CYCLE);
    await engine.runCycle(CYCLE);
    expect(cycles).toEqual([DALIO_LITE, SIXTY_FORTY, SIXTY_FORTY]);
    expect(reloads).toEqual([{ from: DALIO_LITE, to: SIXTY_FORTY }]);
  });

  it('keeps the allocation it had when the config no longer reads, and reports why', async () => {
    const { cycles, engineFor } = engines();
    const problems: unknown[] = [];
    const engine = followAllocationChanges({
      targets: DALIO_LITE,
      engine: await engineFor(DALIO_LITE),
      readTargets: async () => {
        throw new Error('dalio.yaml: allocation.targets must total 100');
      },
      engineFor,
      onReloaded: () => {},
      onUnreadable: (error) => problems.push(error),
    });
    await engine.runCycle(CYCLE);
    expect(cycles).toEqual([DALIO_LITE]);
    expect(String(problems[0])).toMatch(/must total 100/);
  });
});
