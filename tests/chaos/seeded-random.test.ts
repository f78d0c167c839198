import { describe, expect, it } from 'vitest';
import { chaosSeconds, chaosSeed, SeededRandom } from './seeded-random.js';

describe('SeededRandom', () => {
  it('replays the same draws from the same seed, and other draws from another', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 20 }, () => random.int(0, 1_000_000));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('keeps int() within its bounds and reaches both ends', () => {
    const random = new SeededRandom(7);
    const seen = new Set(Array.from({ length: 1000 }, () => random.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('draws weighted keys in proportion, never one of weight 0', () => {
    const random = new SeededRandom(1);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 10_000; i++) counts[random.weighted({ a: 3, b: 1, never: 0 })]++;
    expect(counts.never).toBe(0);
    expect(counts.a / counts.b).toBeGreaterThan(2.5);
    expect(counts.a / counts.b).toBeLessThan(3.5);
  });

  it('forks streams that differ from each other and from the parent', () => {
    const parent = new SeededRandom(9);
    const a = parent.fork(0).next();
    const b = parent.fork(1).next();
    expect(a).not.toBe(b);
    expect(parent.next()).not.toBe(a);
  });
});

describe('chaosSeed and chaosSeconds', () => {
  it('take the seed and the duration from the environment, and refuse nonsense', () => {
    expect(chaosSeed({ REDWIRE_CHAOS_SEED: '123' })).toBe(123);
    expect(() => chaosSeed({ REDWIRE_CHAOS_SEED: '-1' })).toThrow(RangeError);
    expect(chaosSeconds(120, {})).toBe(120);
    expect(chaosSeconds(120, { REDWIRE_CHAOS_SECONDS: '600' })).toBe(600);
    expect(() => chaosSeconds(120, { REDWIRE_CHAOS_SECONDS: 'soon' })).toThrow(RangeError);
  });
});
