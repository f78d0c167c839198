/** `createCache`: the one way to make a `Cache`. */
import { Cache } from './cache.js';
import type { CacheRedis } from './cache-redis.js';
import { type CacheOptions, resolveCacheOptions } from './options.js';

/**
 * A cache-aside cache on `redis`, a `RedisClient` or a `RedisCluster`. Lazy: nothing is sent
 * until the first call (or `connect()`). The cache does not own `redis`: close the cache, then
 * the client.
 *
 * @throws UnknownOptionError for an option key it does not know (nested ones included)
 * @throws TypeError or RangeError for an option out of its range
 * @example
 * ```ts
 * const redis = createClient(process.env.REDIS_URL);
 * const cache = createCache(redis, { namespace: 'app', ttl: 60_000, serializer: 'msgpack' });
 * const user = await cache.getOrSet('user:1', () => db.user(1));
 * ```
 */
export function createCache(redis: CacheRedis, options?: CacheOptions): Cache {
  if (
    typeof redis?.sendCommand !== 'function' ||
    typeof redis.withBuffers !== 'function' ||
    typeof redis.subscriber !== 'function'
  ) {
    throw new TypeError('createCache(): give a RedisClient or a RedisCluster');
  }
  return new Cache(redis, resolveCacheOptions(options));
}
