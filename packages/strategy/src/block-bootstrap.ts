import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Draws a sequence of historical returns in blocks; `next()` gives the next day's return. */
export interface BlockSampler {
  /** Start a new path (a fresh block at its first day). */
  startPath(): void;
  next(): number;
}

/**
 * A circular block bootstrap: each block starts at a uniformly drawn day of history and runs `blockDays`
 * consecutive days (wrapping from the end to the start), so a path keeps history's short-run patterns (volatile
 * weeks cluster, momentum over days) while the order of blocks is new. Seeded: the same seed gives the same paths.
 */
export function createBlockSampler(returns: Float64Array, blockDays: number, seed: number): BlockSampler {
  if (returns.length === 0) throw new RangeError('block bootstrap of no returns');
  const rng = xoroshiro128plus(seed);
  const n = returns.length;
  let position = 0;
  let left = 0;
  return {
    startPath() {
      left = 0;
    },
    next() {
      if (left === 0) {
        position = uniformInt(rng, 0, n - 1);
        left = blockDays;
      }
      const value = returns[position] as number;
      position = position + 1 === n ? 0 : position + 1;
      left--;
      return value;
    },
  };
}
