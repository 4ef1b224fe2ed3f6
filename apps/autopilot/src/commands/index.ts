import type { Command } from 'commander';
import type { Output } from '../output.ts';
import { registerAlertCommands } from './alert.ts';
import { registerAllocationCommands } from './allocation.ts';
import { registerBacktestCommand } from './backtest.ts';
import { registerBackupCommands } from './backup.ts';
import { registerChecklistCommands } from './checklist.ts';
import { registerDaemonCommand } from './daemon.ts';
import { registerDashboardCommand } from './dashboard.ts';
import { registerDataFetchCommand } from './data-fetch.ts';
import { registerDemoCommand } from './demo.ts';
import { registerExplainCommand } from './explain.ts';
import { registerGoalCommands } from './goal.ts';
import { registerHaltCommands } from './halt.ts';
import { registerHealthCommand } from './health.ts';
import { registerLiveCommands } from './live.ts';
import { registerMetricsCommand } from './metrics.ts';
import { registerPlanCommand } from './plan.ts';
import { registerRunCommand } from './run.ts';
import { registerSimCommand } from './sim.ts';
import { registerSoakCommand } from './soak.ts';
import { registerStateCommands } from './state.ts';
import { registerStatusCommand } from './status.ts';
import { registerStrategyCommands } from './strategy.ts';
import { registerWalkForwardCommand } from './walk-forward.ts';

/** Everything a command needs from its surroundings; tests pass their own. */
export interface CommandContext {
  output: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Set `exitCode` for an outcome that is not an error but needs attention (the CLI exits with it). */
  result: { exitCode: number };
  /** Ask the person at the terminal (a typed confirmation); absent or null when there is no one to ask. */
  prompt?: (question: string) => Promise<string | null>;
}

/** A command module adds itself to the program. */
export type RegisterCommand = (program: Command, context: CommandContext) => void;

/** Every `dalio` command, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerRunCommand,
  registerDaemonCommand,
  registerPlanCommand,
  registerStatusCommand,
  registerAllocationCommands,
  registerExplainCommand,
  registerHealthCommand,
  registerChecklistCommands,
  registerLiveCommands,
  registerMetricsCommand,
  registerAlertCommands,
  registerHaltCommands,
  registerStateCommands,
  registerBackupCommands,
  registerSimCommand,
  registerDemoCommand,
  registerSoakCommand,
  registerDashboardCommand,
  registerBacktestCommand,
  registerStrategyCommands,
  registerGoalCommands,
  registerWalkForwardCommand,
  registerDataFetchCommand,
];
