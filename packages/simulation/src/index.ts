export {
  checkInvariants,
  type InvariantId,
  type InvariantInput,
  readState,
  type StateFiles,
  type Violation,
  type Window,
  type WorldMarks,
} from './invariants.ts';
export {
  type LocatedViolation,
  type RunScenarioOptions,
  runScenario,
  type ScenarioRun,
} from './run-scenario.ts';
export {
  replayCommand,
  replayPath,
  runSeed,
  runSeeds,
  type SeedFailure,
  type SeedOptions,
  type SeedsReport,
  scenarioOfSeed,
} from './run-seeds.ts';
export type {
  Action,
  BrokerFault,
  CrashMode,
  CrashSpec,
  CycleFaults,
  Damage,
  FsFault,
  PauseSpec,
  Scenario,
  ScenarioEvent,
  ScenarioSetup,
} from './scenario.ts';
export { CRASH_STEPS, PAUSE_STEPS, SIM_SYMBOLS, scenarioArbitrary } from './scenario-arbitrary.ts';
export {
  createSimFileSystem,
  FS_FAULT_KINDS,
  type FsFaultKind,
  type FsProcess,
  type SimFileSystem,
} from './sim-fs.ts';
export { createSimLocks, type LockProcess, type SimLocks, type SimLocksOptions } from './sim-locks.ts';
export {
  createSimNetwork,
  type NetworkControl,
  type RequestOutcome,
  type RequestRecord,
} from './sim-network.ts';
export { createSimProcess, type SimHost, type SimProcess, type SimProcessOptions } from './sim-process.ts';
export { BACKED_UP_FILES, createSimWorld, SIM_ACCOUNT, SIM_STATE_DIR, type SimWorld } from './sim-world.ts';
