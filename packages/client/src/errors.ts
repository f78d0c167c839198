/**
 * Errors the client raises itself (beyond those of the connection and the protocol). Each has
 * a stable `code` and builds on `RedisError`, so `instanceof` works across package copies.
 */
import { RedisError } from '@redwire/protocol';

/**
 * No pooled connection could be had: all `maxConnections` were leased, and either the client
 * fails fast (`poolWhenExhausted: 'fail'`) or none was released within `poolTimeout`.
 * Code `REDWIRE_POOL_EXHAUSTED`. Nothing was sent.
 *
 * @example
 * ```ts
 * try { await redis.blpop('jobs', 0); } catch (error) {
 *   if (error instanceof PoolExhaustedError) console.log(error.maxConnections, error.waited);
 * }
 * ```
 */
export class PoolExhaustedError extends RedisError {
  static override readonly brand: string = 'redwire.PoolExhaustedError';

  /** The pool's `maxConnections`. */
  readonly maxConnections: number;
  /** How long the caller waited, in ms: the pool's `poolTimeout`, or 0 when it failed fast. */
  readonly waited: number;

  /** How many callers already waited when this one was refused for a full wait queue; else undefined. */
  readonly queued: number | undefined;

  /**
   * @param maxConnections - the pool's bound
   * @param waited - the `poolTimeout` waited in vain, or 0 when the caller did not wait
   * @param queued - set when the caller was refused because `maxPoolWaiters` callers already
   *   waited (rather than by the fail-fast policy)
   */
  constructor(maxConnections: number, waited: number, queued?: number) {
    const how =
      waited > 0
        ? `none was released within poolTimeout (${waited} ms)`
        : queued !== undefined
          ? `the wait queue is full: ${queued} callers already wait (maxPoolWaiters), so this one was not queued`
          : `poolWhenExhausted is 'fail', so none was waited for`;
    super(
      `All ${maxConnections} pooled connections are leased (maxConnections) and ${how}`,
      'REDWIRE_POOL_EXHAUSTED',
    );
    this.maxConnections = maxConnections;
    this.waited = waited;
    this.queued = queued;
  }
}

/** One command's outcome in a batch, in the shape of `Promise.allSettled`. */
export type SettledReply<T = unknown> =
  | { status: 'fulfilled'; value: T }
  | { status: 'rejected'; reason: Error };

/**
 * Some commands of a pipeline or MULTI/EXEC failed. `results` holds every command's outcome in
 * order, so nothing that succeeded is lost: a `pipeline().exec()` rejects with this rather than
 * with the first error alone.
 */
export class ExecError extends RedisError {
  static override readonly brand: string = 'redwire.ExecError';

  /** Every command's outcome, in the order the commands were added. */
  readonly results: readonly SettledReply[];

  constructor(kind: 'pipeline' | 'transaction', results: readonly SettledReply[]) {
    const failed = results.filter(
      (r): r is { status: 'rejected'; reason: Error } => r.status === 'rejected',
    );
    const first = failed[0]?.reason;
    super(
      `${failed.length} of ${results.length} commands in the ${kind} failed${first === undefined ? '' : `; the first: ${first.message}`}`,
      'REDWIRE_EXEC',
      first === undefined ? undefined : { cause: first },
    );
    this.results = results;
  }
}

/**
 * A key watched with WATCH changed before EXEC, so the transaction did not run (EXEC replied
 * nil). Retry it, or let `transaction()` do so.
 */
export class WatchError extends RedisError {
  static override readonly brand: string = 'redwire.WatchError';

  constructor() {
    super('The transaction was aborted: a watched key changed before EXEC', 'REDWIRE_WATCH');
  }
}

/**
 * The `clientSideCache` option was given to a client (or cluster) that speaks RESP2
 * (`protocol: 2`, or `?protocol=2` in the URL). Invalidations reach a RESP2 client only through
 * a second connection (`CLIENT TRACKING ... REDIRECT`), which redwire does not open: use
 * protocol 3 (the default). Code `REDWIRE_CLIENT_SIDE_CACHE_RESP2`. Thrown at construction;
 * nothing connects.
 */
export class ClientSideCacheError extends RedisError {
  static override readonly brand: string = 'redwire.ClientSideCacheError';

  /** @param where - the function the user called: `createClient()` */
  constructor(where: string) {
    super(
      `${where}: clientSideCache needs protocol 3 (RESP3); over RESP2 invalidations would need CLIENT TRACKING REDIRECT to a second connection, which redwire does not do`,
      'REDWIRE_CLIENT_SIDE_CACHE_RESP2',
    );
  }
}
