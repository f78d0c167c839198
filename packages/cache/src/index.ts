/**
 * `@redwire/cache`: cache-aside on a `RedisClient` or a `RedisCluster` (single flight, a
 * stampede lock across processes, early refresh, negative caching, tags, serializers,
 * invalidation broadcast). It never imports the cluster package, and it holds no values in
 * memory: client-side caching (CLIENT TRACKING) is not part of it yet.
 *
 * @packageDocumentation
 * @module @redwire/cache
 */
export { Cache, type CacheEvents, type InvalidationEvent } from './cache.js';
export type { CacheMessage, CacheRedis, CacheSubscriber } from './cache-redis.js';
export { createCache } from './create-cache.js';
export {
  CACHE_CHANNELS,
  type CacheDiagnostic,
  type CacheDiagnosticEvent,
} from './diagnostics.js';
export { type Freshness, freshness, type RefreshPolicy, xfetchDue } from './early-refresh.js';
export type { EntryHeader, EntryKind } from './entry.js';
export {
  CacheAbortError,
  CacheClosedError,
  CacheDecodeError,
  CacheSerializationError,
} from './errors.js';
export { jsonSerializer } from './json-serializer.js';
export type { Loader } from './load-coordinator.js';
export { msgpackSerializer } from './msgpack-serializer.js';
export {
  CACHE_DEFAULTS,
  type CacheOptions,
  type EarlyRefreshOptions,
  type GetOrSetOptions,
  type LockOptions,
  type SetOptions,
} from './options.js';
export type { Serializer } from './serializer.js';
export { SingleFlight } from './single-flight.js';
export type { CacheStats } from './stats.js';
