import { describe, expect, it } from 'vitest';
import { soakProfile, soakSchedule } from './soak-profile.ts';

describe('the soak schedule', () => {
  it('spreads the five paper-phase scenarios over the run, the first crash in the first rebalance', () => {
    expect(soakSchedule(soakProfile('default'), 30)).toEqual([
      { kind: 'process-crash', day: 0, crashAt: 'after-submit-buy:1' },
      { kind: 'broker-unreachable', day: 6 },
      { kind: 'rate-limit', day: 12 },
      { kind: 'state-corruption', day: 18 },
      { kind: 'concurrent-runs', day: 24 },
    ]);
  });

  it('runs each scenario twice under harsh, none under none, and keeps every day inside a short run', () => {
    const harsh = soakSchedule(soakProfile('harsh'), 3);
    expect(harsh).toHaveLength(10);
    expect(harsh.every((event) => event.day >= 0 && event.day < 3)).toBe(true);
    expect(harsh.filter((event) => event.kind === 'process-crash').map((event) => event.crashAt)).toEqual([
      'after-submit-buy:1',
      'after-reconcile:1',
    ]);
    expect(soakSchedule(soakProfile('none'), 30)).toEqual([]);
  });
});
