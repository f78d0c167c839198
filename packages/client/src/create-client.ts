import { RedisClient } from './client.js';
import { createClientCore } from './client-core.js';
import type { ClientSideCache } from './client-side-cache/client-side-cache.js';
import type { ClientOptions } from './options.js';

/**
 * Creates a client for one Redis server. Lazy: no socket is opened until the first command
 * (or `connect()`).
 *
 * With no URL, `url`, `host` or `path`, it connects to `localhost:6379`, as ioredis, node-redis
 * and redis-py do. It does not read `REDIS_URL` from the environment, since neither of those
 * clients does and a variable set elsewhere would then redirect a program without a word; pass
 * it yourself: `createClient(process.env.REDIS_URL)` (an unset variable is then an error, not
 * localhost).
 *
 * @param urlOrOptions - `redis://[[user]:password@]host[:port][/db]`, `rediss://...` for TLS,
 * `unix:///path/to/socket?db=1`, or an options object (which may hold the URL as `url`)
 * @param options - options that win over what the URL says
 * @throws UnknownOptionError (a TypeError) for a key no client knows, such as `hots`; nothing
 * connects
 * @throws TypeError or RangeError when an option is invalid, or the first argument is given as
 * `undefined`
 * @example
 * ```ts
 * const redis = createClient('redis://localhost:6379');
 * const other = createClient({ host: 'cache.internal', port: 6380, password, tls: true });
 * const third = createClient({ url: 'rediss://cache.internal:6380/2', password });
 * ```
 */
export function createClient(
  urlOrOptions?: string | ClientOptions,
  options?: ClientOptions,
): RedisClient {
  // `createClient(process.env.REDIS_URL)` with the variable unset would otherwise quietly
  // connect to localhost: an explicit undefined is a mistake, no argument is the default.
  // biome-ignore lint/complexity/noArguments: rest parameters would hide the signature's names from editors
  if (arguments.length > 0 && urlOrOptions === undefined) {
    throw new TypeError(
      'createClient(undefined): the URL is undefined (an unset environment variable?); call createClient() to connect to localhost:6379',
    );
  }
  return new RedisClient(createClientCore('createClient()', urlOrOptions, options));
}

/**
 * `createClient` for a client whose commands someone else publishes on the diagnostics
 * channels: the node clients of a cluster, whose commands the cluster traces with their slot
 * and node.
 * @param trackedBy - a cluster's client-side cache: the client's shared connection tracks for
 *   it (the cluster answers reads from it; the client itself does not)
 * @internal
 */
export function createUntracedClient(
  options: ClientOptions,
  trackedBy?: ClientSideCache,
): RedisClient {
  return new RedisClient(createClientCore('createClient()', options, undefined, false, trackedBy));
}
