import type { Command } from 'commander';
import type { Output } from '../output.ts';
import { registerAlertCommands } from './alert.ts';
import { registerBacktestCommand } from './backtest.ts';
import { registerDaemonCommand } from './daemon.ts';
import { registerDataFetchCommand } from './data-fetch.ts';
import { registerDemoCommand } from './demo.ts';
import { registerHaltCommands } from './halt.ts';
import { registerHealthCommand } from './health.ts';
import { registerMetricsCommand } from './metrics.ts';
import { registerPlanCommand } from './plan.ts';
import { registerRunCommand } from './run.ts';
import { registerSimCommand } from './sim.ts';
import { registerStateCommands } from './state.ts';
import { registerStatusCommand } from './status.ts';
import { registerWalkForwardCommand } from './walk-forward.ts';

/** Everything a command needs from its surroundings; tests pass their own. */
export interface CommandContext {
  output: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Set `exitCode` for an outcome that is not an error but needs attention (the CLI exits with it). */
  result: { exitCode: number };
}

/** A command module adds itself to the program. */
export type RegisterCommand = (program: Command, context: CommandContext) => void;

/** Every `dalio` command, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerRunCommand,
  registerDaemonCommand,
  registerPlanCommand,
  registerStatusCommand,
  registerHealthCommand,
  registerMetricsCommand,
  registerAlertCommands,
  registerHaltCommands,
  registerStateCommands,
  registerSimCommand,
  registerDemoCommand,
  registerBacktestCommand,
  registerWalkForwardCommand,
  registerDataFetchCommand,
];
