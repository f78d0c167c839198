/**
 * Errors the cache raises itself. Each has a stable `code` and builds on `RedisError`, so one
 * `instanceof RedisError` covers everything redwire raises and `instanceof` works across copies
 * of the package. Errors of the loader are passed through unchanged: they are the caller's own.
 */
import { RedisError } from '@redwire/protocol';

/**
 * A value could not be serialized (a function, a symbol, a cycle, or the serializer refused it).
 * Raised before anything is written, so the previous entry, if any, stays as it was.
 * Code `REDWIRE_CACHE_SERIALIZE`; the serializer's own error is the `cause`.
 *
 * @example
 * ```ts
 * try { await cache.set('k', { run() {} }); } catch (error) {
 *   if (error instanceof CacheSerializationError) console.log(error.key, error.serializer);
 * }
 * ```
 */
export class CacheSerializationError extends RedisError {
  static override readonly brand: string = 'redwire.CacheSerializationError';

  /** The cache key whose value was refused (without the namespace). */
  readonly key: string;
  /** The `name` of the serializer that refused it. */
  readonly serializer: string;

  /**
   * @param key - the cache key, without the namespace
   * @param serializer - the serializer's name
   * @param cause - what the serializer threw
   */
  constructor(key: string, serializer: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `The value for cache key "${key}" cannot be serialized with ${serializer}: ${reason}; nothing was written`,
      'REDWIRE_CACHE_SERIALIZE',
      { cause },
    );
    this.key = key;
    this.serializer = serializer;
  }
}

/**
 * A stored entry could not be decoded: written by another version of the format, by another
 * serializer, or not by this cache at all. It is never thrown: the read counts as a miss, the
 * `decodeErrors` counter goes up and the cache emits it as a `decodeError` event, so a format
 * change degrades into reloads rather than failures. Code `REDWIRE_CACHE_DECODE`.
 */
export class CacheDecodeError extends RedisError {
  static override readonly brand: string = 'redwire.CacheDecodeError';

  /** The cache key whose entry could not be read (without the namespace). */
  readonly key: string;

  /**
   * @param key - the cache key, without the namespace
   * @param reason - what was wrong with the entry
   * @param cause - what the serializer threw, when it threw
   */
  constructor(key: string, reason: string, cause?: unknown) {
    super(
      `The entry stored for cache key "${key}" cannot be decoded (${reason}); read as a miss`,
      'REDWIRE_CACHE_DECODE',
      cause === undefined ? undefined : { cause },
    );
    this.key = key;
  }
}

/**
 * The caller's `signal` fired while it waited in `getOrSet`. Only that caller's wait ends: a load
 * it shares with others goes on and stores its result. Code `REDWIRE_CACHE_ABORTED`; the signal's
 * reason is the `cause`.
 */
export class CacheAbortError extends RedisError {
  static override readonly brand: string = 'redwire.CacheAbortError';

  /** The cache key the caller waited for (without the namespace). */
  readonly key: string;

  /**
   * @param key - the cache key, without the namespace
   * @param reason - the signal's reason
   */
  constructor(key: string, reason: unknown) {
    super(
      `Stopped waiting for cache key "${key}": the signal fired (a shared load goes on)`,
      'REDWIRE_CACHE_ABORTED',
      { cause: reason },
    );
    this.key = key;
  }
}

/**
 * The cache was closed (`close()`) before the call. Nothing was sent. Code `REDWIRE_CACHE_CLOSED`.
 */
export class CacheClosedError extends RedisError {
  static override readonly brand: string = 'redwire.CacheClosedError';

  /** @param method - the method called after `close()` */
  constructor(method: string) {
    super(`cache.${method}(): the cache is closed`, 'REDWIRE_CACHE_CLOSED');
  }
}
