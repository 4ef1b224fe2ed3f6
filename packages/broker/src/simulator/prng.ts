/** A seeded pseudo-random source whose state can be saved and restored (mulberry32). */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** The current state, to persist and pass back as `seed` to continue the same sequence. */
  state(): number;
}

/** Create a seeded PRNG; the same seed gives the same sequence. */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    state: () => state,
  };
}

/** A seed for a named sub-stream of `seed` (FNV-1a of the name, mixed in): same inputs, same stream. */
export function deriveSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5;
  for (const char of name) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return (hash ^ seed) >>> 0;
}
