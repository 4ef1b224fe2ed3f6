/**
 * A hook called with the name of each step just before or after it happens. Tests pass one that
 * SIGKILLs the process at a chosen step; production passes nothing. Reused by the engine with its own steps.
 */
export type CrashPoints = (name: string) => void | Promise<void>;

/** The hook that does nothing. */
export const noCrashPoints: CrashPoints = () => {};

/** The named steps of a durable write, in order. */
export const DURABLE_WRITE_STEPS = [
  'before-temp-open',
  'before-temp-write',
  'after-temp-write-before-fsync',
  'after-fsync-before-close',
  'before-rename',
  'after-rename-before-dir-fsync',
  'after-dir-fsync',
] as const;

/** One named step of a durable write. */
export type DurableWriteStep = (typeof DURABLE_WRITE_STEPS)[number];
