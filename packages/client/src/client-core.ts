/**
 * The part of a `RedisClient` every view of it shares (the shared connection, the pool, the
 * event emitter), and how `createClient`'s arguments become one: checked against every key a
 * client knows, then split into what the connections take and what the client keeps.
 */
import { EventEmitter } from 'node:events';
import {
  Connection,
  type ConnectionEvents,
  type ConnectionOptions,
  resolveConnectionOptions,
} from '@redwire/connection';
import type { BlockingContext } from './blocking.js';
import { ClientSideCache } from './client-side-cache/client-side-cache.js';
import { ClientSideCacheError } from './errors.js';
import { type ClientOptions, checkClientOptionKeys, resolveClientSettings } from './options.js';
import { ConnectionPool, type PooledConnection } from './pool.js';

/**
 * What every view of one client shares.
 * @internal
 */
export interface ClientCore {
  /** Where ordinary commands go: the shared connection, or an isolated client's own. */
  readonly connection: Connection;
  readonly events: EventEmitter<ConnectionEvents>;
  /** The pool, the shared connection, and the blocking commands running. */
  readonly blocking: BlockingContext;
  /** Set on the client `isolated` passes to its callback. */
  readonly lease: IsolatedLease | undefined;
  /**
   * Whether commands and batches are published on `redwire:command` and `redwire:batch`; off for
   * the node clients of a cluster, whose commands the cluster publishes itself.
   */
  readonly traced: boolean;
  /** Whether writes lost with their connection are written again (`retryLostWrites`). */
  readonly retryLostWrites: boolean;
  /** A new connection with the client's own options (for pooled connections and subscribers). */
  readonly createConnection: () => Connection;
  /** A new, independent core with the client's options, `overrides` winning. */
  readonly duplicate: (overrides?: ClientOptions) => ClientCore;
  /**
   * The client-side cache reads are answered from, when this client has one (`clientSideCache`);
   * never on an isolated client, whose connection does not track, nor on a cluster's node
   * clients, whose cluster answers from the cache it shares with them.
   */
  readonly cache: ClientSideCache | undefined;
  /** The cache whose invalidations the shared connection follows: `cache`, or a cluster's. */
  readonly trackedBy: ClientSideCache | undefined;
}

/**
 * The pooled connection an `isolated` callback holds, while it holds it.
 * @internal
 */
export interface IsolatedLease {
  readonly pooled: PooledConnection<Connection>;
  /** False once the callback has returned: the connection is no longer this client's. */
  active: boolean;
}

const FORWARDED_EVENTS = ['connect', 'ready', 'error', 'reconnecting', 'end'] as const;

/**
 * Builds the shared part of a client: its connection, and the emitter its events are
 * forwarded to. Every key of both arguments is checked before anything else, so a misspelt
 * option never leaves a default (a server on localhost) in place of what was meant.
 *
 * @param where - the function the user called, for error messages: `createClient()`
 * @throws UnknownOptionError, TypeError or RangeError when an option is invalid
 * @internal
 */
export function createClientCore(
  where: string,
  urlOrOptions?: string | ClientOptions,
  options?: ClientOptions,
  traced = true,
  sharedCache?: ClientSideCache,
): ClientCore {
  checkClientOptionKeys(urlOrOptions, where);
  checkClientOptionKeys(options, where);
  const settings = resolveClientSettings(urlOrOptions, options, where);
  const first = connectionPart(urlOrOptions);
  const second = connectionPart(options);
  const cache =
    sharedCache === undefined && settings.clientSideCache !== undefined
      ? new ClientSideCache(settings.clientSideCache)
      : undefined;
  const trackedBy = sharedCache ?? cache;
  if (trackedBy !== undefined && resolveConnectionOptions(first, second).protocol !== 3) {
    throw new ClientSideCacheError(where);
  }
  // Only the shared connection tracks: reads are cached from it alone, and pooled connections
  // (blocking commands, isolated()) and subscribers would only draw invalidations for nothing.
  const connection = new Connection(
    first,
    trackedBy === undefined ? second : { ...second, tracking: trackedBy.tracking },
  );
  trackedBy?.attach(connection);
  // Pooled connections and subscribers are made from the client's own connection options.
  const createConnection = () => new Connection(first, second);
  const pool = new ConnectionPool(settings.pool, createConnection, connection.server);
  const events = new EventEmitter<ConnectionEvents>();
  for (const name of FORWARDED_EVENTS) {
    connection.on(name, (...args: unknown[]) => {
      // 'error' only when someone listens: an unwatched client must not crash the process.
      if (name === 'error' && events.listenerCount('error') === 0) return;
      (events.emit as (event: string, ...values: unknown[]) => boolean)(name, ...args);
    });
  }
  const blocking = { pool, shared: connection, running: new Set<PooledConnection<Connection>>() };
  const duplicate = (overrides?: ClientOptions) => {
    checkClientOptionKeys(overrides, 'RedisClient.duplicate()');
    return createClientCore(where, urlOrOptions, { ...options, ...overrides }, traced);
  };
  return {
    connection,
    events,
    blocking,
    lease: undefined,
    traced,
    retryLostWrites: settings.retryLostWrites,
    createConnection,
    duplicate,
    cache,
    trackedBy,
  };
}

/** The connection's share of `createClient`'s argument: the client's own keys left out. */
function connectionPart(urlOrOptions: ClientOptions | undefined): ConnectionOptions | undefined;
function connectionPart(
  urlOrOptions: string | ClientOptions | undefined,
): string | ConnectionOptions | undefined;
function connectionPart(
  urlOrOptions: string | ClientOptions | undefined,
): string | ConnectionOptions | undefined {
  if (typeof urlOrOptions !== 'object' || urlOrOptions === null) return urlOrOptions;
  const {
    maxConnections: _maxConnections,
    poolTimeout: _poolTimeout,
    poolWhenExhausted: _poolWhenExhausted,
    maxPoolWaiters: _maxPoolWaiters,
    poolIdleTimeout: _poolIdleTimeout,
    retryLostWrites: _retryLostWrites,
    clientSideCache: _clientSideCache,
    ...connection
  } = urlOrOptions;
  return connection;
}
