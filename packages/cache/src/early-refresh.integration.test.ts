import { describe, expect, it } from 'vitest';
import type { Cache } from './cache.js';
import { cachesOn, delay, freshNamespace, TARGETS } from './test-helpers/targets.js';

describe.each(TARGETS)('early refresh on $name', (target) => {
  const open = cachesOn(target);
  let cache: Cache;

  /** A loader that takes `ms` and returns 1, 2, 3, ... with how many times it ran. */
  function versions(ms: number) {
    const counter = {
      calls: 0,
      load: async () => {
        await delay(ms);
        return ++counter.calls;
      },
    };
    return counter;
  }

  /** Reads `key` every 20 ms for `ms`, recording what each read returned. */
  async function hammer(key: string, loader: () => Promise<number>, ms: number) {
    const seen: (number | undefined)[] = [];
    const end = Date.now() + ms;
    while (Date.now() < end) {
      seen.push(await cache.getOrSet(key, loader));
      await delay(20);
    }
    return seen;
  }

  it('XFetch reloads a hot key before its TTL ends, with no miss seen', async () => {
    // β = 4 with a 200 ms load: refreshes start within the last second or two of the 3 s TTL.
    ({ cache } = open({
      namespace: freshNamespace('xfetch'),
      ttl: 3_000,
      jitter: 0,
      earlyRefresh: { strategy: 'xfetch', beta: 4 },
    }));
    const loader = versions(200);
    const seen = await hammer('hot', loader.load, 7_000);
    // Only the very first read missed; every other was a hit, while the value moved on.
    expect(cache.stats.misses).toBe(1);
    expect(cache.stats.earlyRefreshes).toBeGreaterThanOrEqual(2);
    expect(loader.calls).toBeGreaterThanOrEqual(3);
    expect(seen.every((value) => typeof value === 'number')).toBe(true);
    expect(seen.at(-1)).toBeGreaterThan(1);
  });

  it('stale-while-revalidate serves the stale value once while one reload replaces it', async () => {
    ({ cache } = open({
      namespace: freshNamespace('swr'),
      ttl: 2_000,
      jitter: 0,
      earlyRefresh: { strategy: 'stale-while-revalidate', staleTtl: 30_000 },
    }));
    const { load: loader } = versions(100);
    expect(await cache.getOrSet('k', loader)).toBe(1);
    await delay(2_200);
    // Past its TTL: served stale at once, reloaded in the background, once for all callers.
    expect(await Promise.all([1, 2, 3].map(() => cache.getOrSet('k', loader)))).toEqual([1, 1, 1]);
    // The reload takes 100 ms; its entry is then fresh for 2 s.
    await delay(400);
    expect(await cache.getOrSet('k', loader)).toBe(2);
    expect(cache.stats.loads).toBe(2);
    expect(cache.stats.staleServes).toBe(3);
    expect(cache.stats.earlyRefreshes).toBe(1);
    expect(cache.stats.misses).toBe(1);
  });
});
