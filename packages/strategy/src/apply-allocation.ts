import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  type AllocationChoice,
  type AllocationConfig,
  type ConfigEnv,
  type DalioConfig,
  DEFAULT_CONFIG_FILE,
  parseConfig,
  writeAllocation,
} from '@dalio-lite/config';
import { type HistoryEvent, type RebalanceHistory, writeFileDurably } from '@dalio-lite/state';
import { sameTargets } from './same-targets.ts';

/** What applying needs: the config as loaded, the new allocation, who asks, and the history to record it in. */
export interface ApplyAllocationOptions {
  config: DalioConfig;
  choice: AllocationChoice;
  /** Who made the change (recorded in the history). */
  by: string;
  env: ConfigEnv;
  cwd: string;
  history: Pick<RebalanceHistory, 'appendEvent'>;
  now?: () => Date;
}

/** The allocation change as recorded. */
export type AllocationChange = Extract<HistoryEvent, { kind: 'allocation-changed' }>;

/** Applied (with where the config and its backup are), or nothing to do because it already holds. */
export type ApplyOutcome =
  | { kind: 'applied'; change: AllocationChange; n: number }
  | { kind: 'unchanged'; configPath: string | null; allocation: AllocationConfig };

/**
 * Write the new allocation into the config file the user runs with, validated by the one config schema (a
 * setting it would contradict, such as `risk.maxWeightPct`, refuses it with a ConfigError); keep the previous file
 * as `<file>.<time>.bak` beside it; record who and when in the history. The engine reads it at its next cycle.
 */
export async function applyAllocation(options: ApplyAllocationOptions): Promise<ApplyOutcome> {
  const { config, env, cwd } = options;
  const path = config.source ?? resolve(cwd, DEFAULT_CONFIG_FILE);
  const previous = config.source === null ? null : await readFile(path, 'utf8');
  // With no file the defaults chose the simulator; a new file must keep it, since a file that names no broker
  // means Alpaca.
  const base = previous ?? (config.broker.kind === 'simulator' ? 'broker:\n  kind: simulator\n' : '');
  const text = writeAllocation(base, options.choice, path);
  const next = parseConfig(text, path, env, { cwd });
  if (
    next.allocation.preset === config.allocation.preset &&
    sameTargets(next.allocation.targets, config.allocation.targets)
  ) {
    return { kind: 'unchanged', configPath: config.source, allocation: config.allocation };
  }
  const at = (options.now ?? (() => new Date()))();
  const mode = config.source === null ? 0o600 : (await stat(path)).mode & 0o777;
  let backupPath: string | null = null;
  if (previous !== null) {
    backupPath = `${path}.${at.toISOString().replace(/[:.]/g, '-')}.bak`;
    await writeFileDurably(backupPath, previous, { mode });
  }
  await writeFileDurably(path, text, { mode });
  const change: AllocationChange = {
    kind: 'allocation-changed',
    at: at.toISOString(),
    by: options.by,
    from: { preset: config.allocation.preset, targets: { ...config.allocation.targets } },
    to: { preset: next.allocation.preset, targets: { ...next.allocation.targets } },
    configPath: path,
    backupPath,
  };
  const { n } = await options.history.appendEvent(change);
  return { kind: 'applied', change, n };
}
