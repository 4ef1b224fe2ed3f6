import { GateError } from './errors.ts';

/** One capital tier: its number (1 = the first), its cap, and how it reads. */
export interface TierInfo {
  tier: number;
  /** The most the system may have invested in managed holdings; null = full (no cap). */
  capitalCapUsd: number | null;
  label: string;
}

/** How many tiers a list of caps gives: one per cap, then full. */
export function tierCount(tiers: readonly number[]): number {
  return tiers.length + 1;
}

/** The tier numbered `tier` (1-based); a number outside the list is a `GateError` naming the valid ones. */
export function tierInfo(tiers: readonly number[], tier: number): TierInfo {
  const count = tierCount(tiers);
  if (!Number.isInteger(tier) || tier < 1 || tier > count) {
    throw new GateError(
      'bad-tier',
      `--tier ${tier} is not a tier, use 1 to ${count} (${describeTiers(tiers)}; live.tiers in dalio.yaml)`,
    );
  }
  const capitalCapUsd = tiers[tier - 1] ?? null;
  return {
    tier,
    capitalCapUsd,
    label:
      capitalCapUsd === null
        ? `tier ${tier} (full, no cap)`
        : `tier ${tier} (${formatDollars(capitalCapUsd)})`,
  };
}

/** Every tier in words: `1 = $1,000, 2 = $5,000, 3 = full`. */
export function describeTiers(tiers: readonly number[]): string {
  return [
    ...tiers.map((cap, index) => `${index + 1} = ${formatDollars(cap)}`),
    `${tiers.length + 1} = full`,
  ].join(', ');
}

/** Where live trading stands now: its tier and since when (null when not enabled). */
export interface CurrentTier {
  tier: number;
  since: string;
}

/** What a tier move needs to know: where it stands, where it goes, and the clean days on the current tier. */
export interface TierMoveInput {
  current: CurrentTier | null;
  requested: number;
  tiers: readonly number[];
  /** Days a tier must run without errors before the next (`live.tierDays`). */
  tierDays: number;
  /** Real live trading days without an error since the current tier began. */
  cleanDaysOnTier: number;
}

/**
 * Whether `requested` may be enabled: the first enable starts at tier 1; moving up goes one tier at a time and
 * only after the current tier's days without errors; moving down is always allowed. Throws `GateError` otherwise.
 */
export function checkTierMove(input: TierMoveInput): TierInfo {
  const next = tierInfo(input.tiers, input.requested);
  const { current } = input;
  if (current === null) {
    if (next.tier !== 1) {
      throw new GateError(
        'tier',
        `live trading starts at tier 1, not ${next.tier}: run \`dalio live enable --tier 1\` and move up after ${input.tierDays} trading days without errors`,
      );
    }
    return next;
  }
  if (next.tier === current.tier) {
    throw new GateError('tier', `live trading is already at tier ${current.tier} (since ${current.since})`);
  }
  if (next.tier < current.tier) return next;
  if (next.tier > current.tier + 1) {
    throw new GateError(
      'tier',
      `move one tier at a time: from tier ${current.tier} the next is ${current.tier + 1}, not ${next.tier}`,
    );
  }
  if (input.cleanDaysOnTier < input.tierDays) {
    throw new GateError(
      'tier',
      `tier ${current.tier} has ${input.cleanDaysOnTier} of the ${input.tierDays} trading days without errors it needs (since ${current.since}) before tier ${next.tier}; keep trading on tier ${current.tier}`,
    );
  }
  return next;
}

function formatDollars(usd: number): string {
  return `$${usd.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
}
