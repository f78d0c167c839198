import { UnknownOptionError } from '@redwire/protocol';
import { describe, expect, it } from 'vitest';
import type { CacheRedis } from './cache-redis.js';
import { createCache } from './create-cache.js';

/** A client that records what it is asked to send and answers nothing. */
function recordingRedis(): CacheRedis & { sent: unknown[] } {
  const sent: unknown[] = [];
  const redis = {
    sent,
    send: async (command: unknown) => sent.push(command),
    sendCommand: async (args: unknown) => {
      sent.push(args);
      return null;
    },
    withBuffers: () => redis,
    subscriber: () => ({ subscribe: async () => {}, close: async () => {} }),
  };
  return redis as unknown as CacheRedis & { sent: unknown[] };
}

const bogus = { bogusOption: 1 } as never;

describe('createCache and its calls', () => {
  it('refuses an unknown option key in createCache, set and getOrSet, sending nothing', async () => {
    const redis = recordingRedis();
    expect(() => createCache(redis, bogus)).toThrow(UnknownOptionError);
    expect(() => createCache(redis, { lock: bogus })).toThrow(/`lock\.bogusOption`/);
    const cache = createCache(redis);
    await expect(cache.set('k', 1, bogus)).rejects.toBeInstanceOf(UnknownOptionError);
    await expect(cache.getOrSet('k', async () => 1, bogus)).rejects.toBeInstanceOf(
      UnknownOptionError,
    );
    expect(redis.sent).toEqual([]);
  });

  it('refuses something that is not a client or a cluster', () => {
    expect(() => createCache({} as never)).toThrow(/RedisClient or a RedisCluster/);
  });

  it('is lazy: nothing is sent or subscribed until the first call', () => {
    const redis = recordingRedis();
    let subscribers = 0;
    redis.subscriber = () => {
      subscribers++;
      return { subscribe: async () => {}, close: async () => {} };
    };
    createCache(redis);
    expect(redis.sent).toEqual([]);
    expect(subscribers).toBe(0);
  });
});
