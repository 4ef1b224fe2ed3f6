import { describe, expect, test } from 'vitest';
import { GateError } from './errors.ts';
import { checkTierMove, describeTiers, tierInfo } from './tiers.ts';

const TIERS = [1000, 5000];
const base = { tiers: TIERS, tierDays: 7, cleanDaysOnTier: 0 };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof GateError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('expected a GateError');
}

describe('capital tiers', () => {
  test('the default tiers are $1k, $5k, then full', () => {
    expect(describeTiers(TIERS)).toBe('1 = $1,000, 2 = $5,000, 3 = full');
    expect(tierInfo(TIERS, 1).capitalCapUsd).toBe(1000);
    expect(tierInfo(TIERS, 3)).toEqual({ tier: 3, capitalCapUsd: null, label: 'tier 3 (full, no cap)' });
    expect(refusal(() => tierInfo(TIERS, 4))).toBe(
      'bad-tier: --tier 4 is not a tier, use 1 to 3 (1 = $1,000, 2 = $5,000, 3 = full; live.tiers in dalio.yaml)',
    );
  });

  test('live trading starts at tier 1', () => {
    expect(checkTierMove({ ...base, current: null, requested: 1 }).tier).toBe(1);
    expect(refusal(() => checkTierMove({ ...base, current: null, requested: 2 }))).toMatch(
      /^tier: live trading starts at tier 1, not 2/,
    );
  });

  test("moving up needs the current tier's days without errors, one tier at a time", () => {
    const current = { tier: 1, since: '2025-03-03T15:00:00.000Z' };
    expect(refusal(() => checkTierMove({ ...base, current, requested: 2, cleanDaysOnTier: 6 }))).toBe(
      'tier: tier 1 has 6 of the 7 trading days without errors it needs (since 2025-03-03T15:00:00.000Z) before tier 2; keep trading on tier 1',
    );
    expect(checkTierMove({ ...base, current, requested: 2, cleanDaysOnTier: 7 }).capitalCapUsd).toBe(5000);
    expect(refusal(() => checkTierMove({ ...base, current, requested: 3, cleanDaysOnTier: 30 }))).toBe(
      'tier: move one tier at a time: from tier 1 the next is 2, not 3',
    );
  });

  test('moving down is always allowed; staying is refused as a no-op', () => {
    const current = { tier: 2, since: '2025-03-03T15:00:00.000Z' };
    expect(checkTierMove({ ...base, current, requested: 1 }).tier).toBe(1);
    expect(refusal(() => checkTierMove({ ...base, current, requested: 2 }))).toMatch(/already at tier 2/);
  });
});
