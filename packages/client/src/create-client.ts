import { createClientCore, RedisClient } from './client.js';
import type { ClientOptions } from './options.js';

/**
 * Creates a client for one Redis server. Lazy: no socket is opened until the first command
 * (or `connect()`).
 *
 * @param urlOrOptions - `redis://[[user]:password@]host[:port][/db]`, `rediss://...` for TLS,
 * `unix:///path/to/socket?db=1`, or an options object
 * @param options - options that win over what the URL says
 * @throws TypeError or RangeError when an option is invalid
 * @example
 * ```ts
 * const redis = createClient('redis://localhost:6379');
 * const other = createClient({ host: 'cache.internal', port: 6380, password, tls: true });
 * ```
 */
export function createClient(
  urlOrOptions?: string | ClientOptions,
  options?: ClientOptions,
): RedisClient {
  return new RedisClient(createClientCore(urlOrOptions, options));
}
