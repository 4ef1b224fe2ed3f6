import type { Targets } from '@dalio-lite/core';
import { sameTargets } from '@dalio-lite/strategy';
import type { DaemonEngine } from './daemon-loop.ts';

/** What the daemon needs to follow allocation changes made while it runs. */
export interface AllocationReloadOptions {
  /** The targets the engine was built with. */
  targets: Targets;
  engine: DaemonEngine;
  /** The allocation the config file holds now (it is read again before each cycle). */
  readTargets: () => Promise<Targets>;
  /** An engine for other targets (same broker, state and lock). */
  engineFor: (targets: Targets) => Promise<DaemonEngine>;
  /** The allocation changed and the next cycles trade towards the new one. */
  onReloaded: (change: { from: Targets; to: Targets }) => void;
  /** The config file could not be read: the cycle runs on the allocation it had. */
  onUnreadable: (error: unknown) => void;
}

/**
 * An engine that reads the config's allocation before every cycle and, when `dalio allocation set` or the
 * dashboard changed it, trades towards the new one from that cycle on: no restart of the daemon. A config file
 * that no longer reads (a half-edited file) changes nothing; the cycle says so through `onUnreadable`.
 */
export function followAllocationChanges(options: AllocationReloadOptions): DaemonEngine {
  let current = { targets: options.targets, engine: options.engine };
  return {
    async runCycle(cycleOptions) {
      const targets = await options.readTargets().catch((error: unknown) => {
        options.onUnreadable(error);
        return current.targets;
      });
      if (!sameTargets(targets, current.targets)) {
        const from = current.targets;
        current = { targets, engine: await options.engineFor(targets) };
        options.onReloaded({ from, to: targets });
      }
      return current.engine.runCycle(cycleOptions);
    },
  };
}
