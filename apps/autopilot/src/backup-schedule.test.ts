import { describe, expect, it } from 'vitest';
import { type ScheduleTimers, startBackupSchedule } from './backup-schedule.ts';

/** Timers that fire only when the test says so. */
function manualTimers() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let ids = 0;
  const timers: ScheduleTimers = {
    setTimeout: (run, ms) => {
      ids += 1;
      pending.set(ids, { run, ms });
      return ids;
    },
    clearTimeout: (handle) => pending.delete(handle as number),
  };
  return {
    timers,
    pending,
    fire() {
      const [id, timer] = [...pending.entries()][0] ?? [];
      if (id === undefined || !timer) throw new Error('no timer pending');
      pending.delete(id);
      timer.run();
    },
  };
}

describe('the daemon’s backup schedule', () => {
  it('runs the backup every interval, the next one only after the last finished, until stopped', async () => {
    const clock = manualTimers();
    let runs = 0;
    let finish: () => void = () => {};
    const stop = startBackupSchedule({
      everyMs: 6 * 3_600_000,
      timers: clock.timers,
      task: () =>
        new Promise<void>((resolve) => {
          runs += 1;
          finish = resolve;
        }),
    });
    expect([...clock.pending.values()].map((timer) => timer.ms)).toEqual([6 * 3_600_000]);
    clock.fire();
    expect(runs).toBe(1);
    // Still running: no second timer, so two backups never overlap.
    expect(clock.pending.size).toBe(0);
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.pending.size).toBe(1);
    clock.fire();
    expect(runs).toBe(2);
    stop();
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.pending.size).toBe(0);
  });

  it('keeps its schedule after a run that failed', async () => {
    const clock = manualTimers();
    const stop = startBackupSchedule({
      everyMs: 1_000,
      timers: clock.timers,
      task: () => Promise.reject(new Error('disk full')),
    });
    clock.fire();
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock.pending.size).toBe(1);
    stop();
  });
});
