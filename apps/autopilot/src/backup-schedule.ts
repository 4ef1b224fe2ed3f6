/** The timer functions the schedule uses (the real ones by default; tests pass their own). */
export interface ScheduleTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: ScheduleTimers = {
  setTimeout: (run, ms) => {
    const handle = setTimeout(run, ms);
    // The daemon's own loop keeps the process alive; the backup schedule never does.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Run `task` every `everyMs` (the daemon's backups: back up if changed, retry uploads, prune), the next one
 * counted from the end of the last, so runs never overlap. Returns a stop function.
 */
export function startBackupSchedule(options: {
  everyMs: number;
  task: () => Promise<void>;
  timers?: ScheduleTimers;
}): () => void {
  const timers = options.timers ?? realTimers;
  let stopped = false;
  let handle: unknown = null;
  const next = () => {
    if (stopped) return;
    handle = timers.setTimeout(() => {
      // The task reports its own failures; the schedule goes on either way.
      void options.task().then(next, next);
    }, options.everyMs);
  };
  next();
  return () => {
    stopped = true;
    if (handle !== null) timers.clearTimeout(handle);
  };
}
