import type { Broker } from '@dalio-lite/broker';
import {
  type CycleReport,
  type EngineSettings,
  haltTrading,
  previewCycle,
  type RebalanceEngine,
  resumeTrading,
} from '@dalio-lite/engine';
import type { StateStore } from '@dalio-lite/state';
import type { DashboardDeps } from './dashboard-deps.ts';

/** The parts of a running Dalio Lite the dashboard's actions go through. */
export interface EngineParts {
  broker(): Promise<Broker>;
  store: StateStore;
  settings: EngineSettings;
  /** The engine (built once by the caller): its cycle takes the same rebalance lock as `dalio run`. */
  engine(): Promise<Pick<RebalanceEngine, 'runCycle'>>;
  /** What `dalio run` does after a cycle (alerts, ledger, metrics); never throws. */
  afterCycle?(report: CycleReport): Promise<void>;
  now?: () => Date;
}

/**
 * The dashboard's dry run, rebalance, halt and resume, each the engine's own function: the preview is the
 * engine's `previewCycle` (the decision function a cycle uses), the rebalance its `runCycle` without waiting for
 * a busy lock, halt and resume the same calls as `dalio halt` and `dalio resume`.
 */
export function engineActions(
  parts: EngineParts,
): Pick<DashboardDeps, 'preview' | 'runCycle' | 'halt' | 'resume'> {
  const now = parts.now ?? (() => new Date());
  return {
    preview: async ({ force }) => previewCycle(await parts.broker(), parts.store, parts.settings, { force }),
    async runCycle({ force }) {
      const engine = await parts.engine();
      const report = await engine.runCycle({ force, waitForLock: false });
      if (report.code !== 'lock-busy') await parts.afterCycle?.(report);
      return report;
    },
    halt: async ({ reason, cancelOrders, liquidate }) =>
      haltTrading(parts.store, cancelOrders || liquidate ? await parts.broker() : null, {
        reason,
        cancelOrders,
        liquidate,
        now: now(),
      }),
    resume: () => resumeTrading(parts.store),
  };
}
