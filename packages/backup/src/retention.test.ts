import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRetention, type RetentionCandidate, type RetentionPolicy } from './retention.ts';

const HOUR = 3_600_000;
const START = Date.parse('2025-01-01T00:00:00Z');

function backups(
  hoursApart: number[],
  verified: (index: number) => boolean = () => true,
): RetentionCandidate[] {
  let at = START;
  return hoursApart.map((gap, index) => {
    at += gap * HOUR;
    return {
      id: `b${String(index).padStart(4, '0')}`,
      createdAt: new Date(at).toISOString(),
      verified: verified(index),
    };
  });
}

const policyArb = fc.record({
  last: fc.integer({ min: 0, max: 5 }),
  daily: fc.integer({ min: 0, max: 5 }),
  weekly: fc.integer({ min: 0, max: 4 }),
  monthly: fc.integer({ min: 0, max: 3 }),
});
const gapsArb = fc.array(fc.integer({ min: 1, max: 24 * 20 }), { minLength: 0, maxLength: 60 });

describe('retention like restic forget', () => {
  it('keeps the last N, then one backup per day, week and month, newest of each period', () => {
    // Four backups a day (every 6 h) for 40 days.
    const list = backups(Array.from({ length: 160 }, () => 6));
    const plan = planRetention(list, { last: 3, daily: 2, weekly: 2, monthly: 2 });
    const kept = plan.filter((decision) => decision.keep);
    expect(kept.map((decision) => [decision.createdAt, decision.reasons])).toEqual([
      [
        '2025-02-10T00:00:00.000Z',
        ['last 1', 'daily 2025-02-10', 'weekly 2025-W07', 'monthly 2025-02', 'newest verified'],
      ],
      ['2025-02-09T18:00:00.000Z', ['last 2', 'daily 2025-02-09', 'weekly 2025-W06']],
      ['2025-02-09T12:00:00.000Z', ['last 3']],
      ['2025-01-31T18:00:00.000Z', ['monthly 2025-01']],
    ]);
    expect(plan).toHaveLength(160);
  });

  it('never removes the newest verified backup, even when every rule is 0', () => {
    const list = backups([1, 1, 1, 1], (index) => index === 1);
    const plan = planRetention(list, { last: 0, daily: 0, weekly: 0, monthly: 0 });
    expect(plan.filter((decision) => decision.keep).map((decision) => decision.id)).toEqual(['b0001']);
    expect(plan.find((decision) => decision.id === 'b0001')?.reasons).toEqual(['newest verified']);
  });

  it('properties: last N and the newest verified stay, the count is bounded, and a second pass removes nothing', () => {
    fc.assert(
      fc.property(
        gapsArb,
        policyArb,
        fc.array(fc.boolean(), { maxLength: 60 }),
        (gaps, policy: RetentionPolicy, flags) => {
          const list = backups(gaps, (index) => flags[index] ?? false);
          const plan = planRetention(list, policy);
          const kept = plan.filter((decision) => decision.keep);
          const newestFirst = [...list].reverse();
          for (const backup of newestFirst.slice(0, policy.last)) {
            expect(kept.some((decision) => decision.id === backup.id)).toBe(true);
          }
          const newestVerified = newestFirst.find((backup) => backup.verified);
          if (newestVerified) expect(kept.some((decision) => decision.id === newestVerified.id)).toBe(true);
          expect(kept.length).toBeLessThanOrEqual(
            policy.last + policy.daily + policy.weekly + policy.monthly + 1,
          );
          const again = planRetention(
            list.filter((backup) => kept.some((decision) => decision.id === backup.id)),
            policy,
          );
          expect(again.every((decision) => decision.keep)).toBe(true);
        },
      ),
    );
  });
});
