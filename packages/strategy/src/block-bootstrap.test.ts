import { describe, expect, it } from 'vitest';
import { createBlockSampler } from './block-bootstrap.ts';

describe('createBlockSampler', () => {
  it('draws blocks of consecutive days, wrapping from the last day of history to the first', () => {
    // History whose returns are their own day numbers, so each draw names the day it came from.
    const history = Float64Array.from({ length: 30 }, (_, day) => day);
    const sampler = createBlockSampler(history, 7, 3);
    sampler.startPath();
    const drawn = Array.from({ length: 70 }, () => sampler.next());
    for (let block = 0; block < 10; block++) {
      const run = drawn.slice(block * 7, block * 7 + 7);
      run.forEach((day, i) => {
        expect(day).toBe(((run[0] as number) + i) % 30);
      });
    }
    // Blocks start at random days, not one after another.
    expect(new Set(drawn.filter((_, i) => i % 7 === 0)).size).toBeGreaterThan(5);
  });

  it('starts a fresh block on every new path and repeats itself for the same seed', () => {
    const history = Float64Array.from({ length: 100 }, (_, day) => day);
    const draw = (seed: number) => {
      const sampler = createBlockSampler(history, 21, seed);
      return [0, 1, 2].map(() => {
        sampler.startPath();
        return Array.from({ length: 5 }, () => sampler.next());
      });
    };
    const paths = draw(11);
    expect(draw(11)).toEqual(paths);
    expect(draw(12)).not.toEqual(paths);
    // Each path's first five days are one block; new paths do not continue the previous block.
    expect(paths[1]?.[0]).not.toBe(((paths[0]?.[4] as number) + 1) % 100);
  });
});
