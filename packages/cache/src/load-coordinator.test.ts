import { describe, expect, it } from 'vitest';
import type { CacheRedis } from './cache-redis.js';
import { createCache } from './create-cache.js';

/**
 * A server where another process holds every lock for good (SET NX always refused, the lock
 * always 100 ms from expiry) and nothing is ever stored for others to find.
 */
function lockedForever(subscribe: () => Promise<unknown>): CacheRedis & { sent: string[] } {
  const sent: string[] = [];
  const redis = {
    sent,
    send: async () => null,
    sendCommand: async (args: readonly unknown[]) => {
      const name = String(args[0]);
      sent.push(name);
      if (name === 'SET') return args.includes('NX') ? null : 'OK';
      if (name === 'PTTL') return 100;
      return null;
    },
    withBuffers: () => redis,
    subscriber: () => ({ subscribe, close: async () => {} }),
  };
  return redis as unknown as CacheRedis & { sent: string[] };
}

describe('waiting for another process to load', () => {
  it('loads at the lock.wait bound when the holder never finishes, counting the wait and the timeout', async () => {
    const redis = lockedForever(async () => {});
    const cache = createCache(redis, { lock: { ttl: 10_000, wait: 400 } });
    const started = Date.now();
    expect(await cache.getOrSet('k', async () => 'mine')).toBe('mine');
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(cache.stats).toMatchObject({ lockWaits: 1, lockTimeouts: 1, loads: 1 });
    // Woken at each expiry of the holder's lock: a few tries, not a tight loop.
    expect(redis.sent.filter((name) => name === 'PTTL').length).toBeLessThan(10);
  });

  it('still ends at the bound when the subscription for releases cannot be made', async () => {
    const redis = lockedForever(async () => {
      throw new Error('subscriber connection refused');
    });
    const cache = createCache(redis, { lock: { ttl: 10_000, wait: 300 } });
    expect(await cache.getOrSet('k', async () => 'mine')).toBe('mine');
    expect(cache.stats.lockTimeouts).toBe(1);
  });
});
