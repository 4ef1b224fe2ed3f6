import type { Command } from 'commander';
import type { Output } from '../output.ts';
import { registerAlertCommands } from './alert-command.ts';
import { registerAllocationCommands } from './allocation-command.ts';
import { registerBacktestCommand } from './backtest-command.ts';
import { registerBackupCommands } from './backup-command.ts';
import { registerChecklistCommands } from './checklist-command.ts';
import { registerDaemonCommand } from './daemon-command.ts';
import { registerDashboardCommand } from './dashboard-command.ts';
import { registerDataFetchCommand } from './data-fetch-command.ts';
import { registerDemoCommand } from './demo-command.ts';
import { registerExplainCommand } from './explain-command.ts';
import { registerGoalCommands } from './goal-command.ts';
import { registerHaltCommands } from './halt-command.ts';
import { registerHealthCommand } from './health-command.ts';
import { registerLiveCommands } from './live-command.ts';
import { registerMetricsCommand } from './metrics-command.ts';
import { registerPlanCommand } from './plan-command.ts';
import { registerRunCommand } from './run-command.ts';
import { registerSimCommand } from './sim-command.ts';
import { registerSoakCommand } from './soak-command.ts';
import { registerStateCommands } from './state-command.ts';
import { registerStatusCommand } from './status-command.ts';
import { registerStrategyCommands } from './strategy-command.ts';
import { registerWalkForwardCommand } from './walk-forward-command.ts';

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
