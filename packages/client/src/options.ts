/**
 * Options of `createClient`: the connection's (address, credentials, TLS, protocol, timeouts,
 * reconnect), which the shared connection and every pooled one use, plus the pool's own.
 */
import {
  CONNECTION_OPTION_KEYS,
  type ConnectionOptions,
  checkConnectionOptionKeys,
} from '@redwire/connection';
import { type OptionKeySet, optionKeys } from '@redwire/protocol';
import {
  type ClientSideCacheOptions,
  type ClientSideCacheSettings,
  resolveClientSideCache,
} from './client-side-cache/options.js';

/** What the pool does when all `maxConnections` are leased. */
export type PoolWhenExhausted = 'wait' | 'fail';

/**
 * Everything `createClient` accepts besides a URL; see `ConnectionOptions` for the
 * connection's fields.
 */
export interface ClientOptions extends ConnectionOptions {
  /**
   * Most dedicated connections the pool holds (for blocking commands and `isolated`), not
   * counting the shared connection ordinary commands use.
   * @defaultValue `10`
   */
  maxConnections?: number | undefined;
  /**
   * Milliseconds a caller waits for a pooled connection when all are leased (with
   * `poolWhenExhausted: 'wait'`) before `PoolExhaustedError`; must be positive: no one waits
   * unbounded.
   * @defaultValue `5_000`
   */
  poolTimeout?: number | undefined;
  /**
   * When all pooled connections are leased: `'wait'` up to `poolTimeout` for one to be
   * released (redis-py's BlockingConnectionPool), or `'fail'` at once with
   * `PoolExhaustedError` (redis-py's ConnectionPool).
   * @defaultValue `'wait'`
   */
  poolWhenExhausted?: PoolWhenExhausted | undefined;
  /**
   * Most callers that may wait for a pooled connection at once (with
   * `poolWhenExhausted: 'wait'`). One more is rejected at once with `PoolExhaustedError`
   * instead of joining the queue: each waiter holds a promise, a timer and whatever its caller
   * keeps alive, so a burst far beyond what `maxConnections` can serve within `poolTimeout`
   * would otherwise grow memory without bound only to time out later. `0` lets no one wait:
   * like `poolWhenExhausted: 'fail'`, but the error names this bound.
   * @defaultValue `1_000`
   */
  maxPoolWaiters?: number | undefined;
  /**
   * Milliseconds a pooled connection may sit idle before it is closed gracefully and leaves
   * the pool, so a burst of blocking commands does not keep its connections (each a socket
   * here and a client on the server) open for the life of the process. A later caller opens a
   * new one. `0` keeps idle connections until the client closes.
   * @defaultValue `30_000`
   */
  poolIdleTimeout?: number | undefined;
  /**
   * Write a command again after its connection died before the reply came, even when it is not
   * a read. Off by default: a write (INCR, LPUSH) may have run before the connection died, and
   * running it twice is worse than an error, which says `written: true`. Read-only commands
   * (the server's own `readonly` flag) are written again once anyway, within their deadline;
   * blocking commands, commands inside MULTI and the commands of an `isolated()` connection
   * never are. `withOptions({ retryOnReconnect })`
   * decides per view instead.
   * @defaultValue `false`
   */
  retryLostWrites?: boolean | undefined;
  /**
   * An in-process cache of read replies (GET, HGETALL, LRANGE, ... with keys; never blocking,
   * random or clock-dependent reads), kept correct by the server's `CLIENT TRACKING`
   * invalidations and emptied whenever a connection is lost. `true` takes the defaults. Needs
   * RESP3: with `protocol: 2` it is a `ClientSideCacheError` (RESP2 would need a second
   * connection for `REDIRECT`, which redwire does not do). See `ClientSideCacheOptions`.
   * @defaultValue `false`
   */
  clientSideCache?: boolean | ClientSideCacheOptions | undefined;
}

/** Every key of {@link ClientOptions}: the connection's, and the client's own. */
export const CLIENT_OPTION_KEYS: OptionKeySet = new Set([
  ...CONNECTION_OPTION_KEYS,
  ...optionKeys<Omit<ClientOptions, keyof ConnectionOptions>>({
    maxConnections: true,
    poolTimeout: true,
    poolWhenExhausted: true,
    maxPoolWaiters: true,
    poolIdleTimeout: true,
    retryLostWrites: true,
    clientSideCache: true,
  }),
]);

/**
 * Checks the keys of `createClient`'s options (and of their `reconnect` object); a URL string
 * or `undefined` passes.
 * @throws UnknownOptionError naming the first unknown key and `where`
 * @internal
 */
export function checkClientOptionKeys(options: unknown, where: string): void {
  checkConnectionOptionKeys(options, where, CLIENT_OPTION_KEYS);
}

/** The client's own settings (the pool's, `retryLostWrites`, the cache's) after defaults and checks. */
export interface ClientSettings {
  readonly pool: PoolSettings;
  readonly retryLostWrites: boolean;
  /** Undefined without a client-side cache. */
  readonly clientSideCache: ClientSideCacheSettings | undefined;
}

/**
 * Reads the client's own settings from `createClient`'s arguments (the later object wins).
 * @throws TypeError or RangeError when one is invalid
 * @internal
 */
export function resolveClientSettings(
  urlOrOptions?: string | ClientOptions,
  options?: ClientOptions,
  where = 'createClient()',
): ClientSettings {
  const first = typeof urlOrOptions === 'object' && urlOrOptions !== null ? urlOrOptions : {};
  const retryLostWrites = options?.retryLostWrites ?? first.retryLostWrites ?? false;
  if (typeof retryLostWrites !== 'boolean') {
    throw new TypeError(`retryLostWrites must be a boolean, got ${typeof retryLostWrites}`);
  }
  const clientSideCache = resolveClientSideCache(
    options?.clientSideCache ?? first.clientSideCache,
    where,
  );
  return { pool: resolvePoolSettings(urlOrOptions, options), retryLostWrites, clientSideCache };
}

/** The pool settings after defaults and checks. */
export interface PoolSettings {
  readonly maxConnections: number;
  readonly poolTimeout: number;
  readonly poolWhenExhausted: PoolWhenExhausted;
  readonly maxPoolWaiters: number;
  readonly poolIdleTimeout: number;
}

/** The value of every pool field of {@link ClientOptions} that has a default. */
export const CLIENT_DEFAULTS: PoolSettings = Object.freeze({
  maxConnections: 10,
  poolTimeout: 5_000,
  poolWhenExhausted: 'wait',
  maxPoolWaiters: 1_000,
  poolIdleTimeout: 30_000,
});

/**
 * Reads the pool settings from `createClient`'s arguments (the later object wins).
 * @throws TypeError or RangeError when a pool option is invalid
 */
export function resolvePoolSettings(
  urlOrOptions?: string | ClientOptions,
  options?: ClientOptions,
): PoolSettings {
  const first = typeof urlOrOptions === 'object' && urlOrOptions !== null ? urlOrOptions : {};
  const pick = <K extends keyof PoolSettings>(key: K) =>
    options?.[key] ?? first[key] ?? CLIENT_DEFAULTS[key];
  const maxConnections = pick('maxConnections');
  if (!Number.isSafeInteger(maxConnections) || maxConnections < 1) {
    throw new RangeError(
      `maxConnections must be a positive integer, got ${String(maxConnections)}`,
    );
  }
  const poolTimeout = pick('poolTimeout');
  if (typeof poolTimeout !== 'number' || !Number.isFinite(poolTimeout) || poolTimeout <= 0) {
    throw new RangeError(
      `poolTimeout must be a positive, finite number of ms, got ${String(poolTimeout)}`,
    );
  }
  const poolWhenExhausted = pick('poolWhenExhausted');
  if (poolWhenExhausted !== 'wait' && poolWhenExhausted !== 'fail') {
    throw new TypeError(
      `poolWhenExhausted must be 'wait' or 'fail', got ${String(poolWhenExhausted)}`,
    );
  }
  const maxPoolWaiters = pick('maxPoolWaiters');
  if (!Number.isSafeInteger(maxPoolWaiters) || maxPoolWaiters < 0) {
    throw new RangeError(
      `maxPoolWaiters must be a non-negative integer, got ${String(maxPoolWaiters)}`,
    );
  }
  const poolIdleTimeout = pick('poolIdleTimeout');
  if (
    typeof poolIdleTimeout !== 'number' ||
    !Number.isFinite(poolIdleTimeout) ||
    poolIdleTimeout < 0
  ) {
    throw new RangeError(
      `poolIdleTimeout must be a non-negative, finite number of ms (0 disables it), got ${String(poolIdleTimeout)}`,
    );
  }
  return { maxConnections, poolTimeout, poolWhenExhausted, maxPoolWaiters, poolIdleTimeout };
}
