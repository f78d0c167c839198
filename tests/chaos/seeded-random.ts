/**
 * A seedable pseudo-random source for the chaos soak (mulberry32: 32 bits of state). The fault
 * schedule is drawn from it, so printing the seed is enough to replay the same schedule.
 */
export class SeededRandom {
  #state: number;

  /** @param seed - any integer; only its low 32 bits count. */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(this.#state ^ (this.#state >>> 15), this.#state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 0x1_0000_0000;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /**
   * One of `items`.
   * @throws RangeError when `items` is empty
   */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs at least one item');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /**
   * A key of `weights`, drawn in proportion to its weight.
   * @throws RangeError when no weight is positive
   */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, weight]) => sum + Math.max(weight, 0), 0);
    if (total <= 0) throw new RangeError('weighted() needs a positive weight');
    let draw = this.next() * total;
    for (const [key, weight] of entries) {
      draw -= Math.max(weight, 0);
      if (draw < 0) return key;
    }
    return (entries.findLast(([, weight]) => weight > 0) as [K, number])[0];
  }

  /** An independent stream for `index` (a worker), far from this one in mulberry32's cycle. */
  fork(index: number): SeededRandom {
    return new SeededRandom(this.#state + Math.imul(index + 1, 0x9e3779b9));
  }
}

/**
 * The soak's seed: `REDWIRE_CHAOS_SEED` when set (to replay a run), else a fresh one.
 * @throws RangeError when the variable is not an unsigned 32-bit integer
 */
export function chaosSeed(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.REDWIRE_CHAOS_SEED;
  if (text === undefined || text === '') return Math.floor(Math.random() * 0x1_0000_0000);
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 0x1_0000_0000) {
    throw new RangeError(`REDWIRE_CHAOS_SEED must be an integer in [0, 2^32), got ${text}`);
  }
  return seed;
}

/**
 * How long the soak injects faults: `REDWIRE_CHAOS_SECONDS` (a longer soak by hand), else
 * `fallback`.
 * @throws RangeError when the variable is not a positive number
 */
export function chaosSeconds(fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const text = env.REDWIRE_CHAOS_SECONDS;
  if (text === undefined || text === '') return fallback;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new RangeError(`REDWIRE_CHAOS_SECONDS must be a positive number, got ${text}`);
  }
  return seconds;
}
