/**
 * A seedable pseudo-random generator (mulberry32: 32 bits of state, a few integer ops per
 * draw). Benchmarks need the same "random" sequence for every contender and every round, which
 * Math.random cannot give; statistical quality beyond picking keys evenly does not matter.
 */

/** Returns numbers in [0, 1). */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/**
 * The seed of stream `index` derived from one base seed. Adding a large odd constant per
 * index puts the streams far apart in mulberry32's cycle, so they do not overlap in practice.
 */
export function streamSeed(seed: number, index: number): number {
  return (seed + Math.imul(index + 1, 0x9e3779b9)) >>> 0;
}
