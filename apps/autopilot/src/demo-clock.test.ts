import { describe, expect, it } from 'vitest';
import { createDemoClock } from './demo-clock.ts';

describe('createDemoClock', () => {
  it('stands at its start, and runs at its speed only while some work runs', async () => {
    let wallMs = 1_000;
    const time = createDemoClock({ start: '2019-01-02T14:00:00Z', speed: 20_000, wallNow: () => wallMs });
    wallMs += 5_000;
    expect(time.clock.now().toISOString()).toBe('2019-01-02T14:00:00.000Z');
    await time.runningDuring(async () => {
      wallMs += 180;
      expect(time.clock.now().toISOString()).toBe('2019-01-02T15:00:00.000Z');
    });
    wallMs += 60_000;
    expect(time.clock.now().toISOString()).toBe('2019-01-02T15:00:00.000Z');
  });

  it('runs while any of several overlapping pieces of work runs, and runs on from where it stood', async () => {
    let wallMs = 0;
    const time = createDemoClock({ start: '2019-01-02T14:00:00Z', speed: 1_000, wallNow: () => wallMs });
    let finishFirst = () => {};
    const first = time.runningDuring(
      () =>
        new Promise<void>((resolve) => {
          finishFirst = resolve;
        }),
    );
    await time.runningDuring(async () => {
      wallMs += 1_000;
    });
    wallMs += 1_000;
    expect(time.clock.now().toISOString()).toBe('2019-01-02T14:33:20.000Z');
    finishFirst();
    await first;
    wallMs += 60_000;
    await time.runningDuring(async () => {
      wallMs += 1_000;
    });
    expect(time.clock.now().toISOString()).toBe('2019-01-02T14:50:00.000Z');
  });
});
